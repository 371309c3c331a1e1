using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Strategies.Methods;

/// <summary>
/// OPRO (Yang et al. 2024): the scored trajectory plus 3 exemplars drawn afresh at every step, 8 samples at
/// temperature 1.0, no word budget. Replies are read between &lt;INS&gt; and &lt;/INS&gt; (&lt;Start&gt;/&lt;/Start&gt;
/// at the answer start), falling back to the reply's start or end like opt_utils.run_evolution; instructions
/// longer than 500 characters or still containing "INS" are dropped, as there.
/// </summary>
public sealed class OproMethod(int exemplars = 3) : IUpdateMethod
{
    private const int MaxLength = 500;

    public int MinibatchSize => 0;

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["exemplars"] = $"{exemplars}, drawn at random every step (OPRO few_shot_selection_criteria = random)",
        ["scores shown"] = "round(100 · accuracy), 100 buckets",
        ["samples per step"] = "8 at temperature 1.0 (OPRO §5.1)",
    };

    public IReadOnlyList<OptimizerRequest> Reflect(StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget) => [];

    public IReadOnlyList<OptimizerRequest> Propose(
        StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget, IReadOnlyList<OptimizerReply> reflections)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directions);
        var pool = context.ExamplePool.Count > 0 ? context.ExamplePool : context.FormatExamples;
        var shown = FormatExamplePicker.Pick(pool, exemplars, StepSeed.For(context.Seed, context.Step, 0));
        return directions.Take(1).Select(direction =>
            OptimizerRequest.SingleTurn(RequestPhase.Propose, direction.Current.Prompt,
                OproMetaPrompt.Build(direction.Entries, shown, context.Position))
            with { Samples = context.CandidatesPerStep, Temperature = 1.0, MaxTokens = 512, Tag = context.Position.ToString() }).ToList();
    }

    public IReadOnlyList<string> Parse(OptimizerReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (string.IsNullOrWhiteSpace(reply.Text))
        {
            return [];
        }

        var (open, close) = reply.Request.Tag == nameof(Tasks.PromptPosition.ABegin) ? ("<Start>", "</Start>") : ("<INS>", "</INS>");
        var text = reply.Text;
        var start = text.IndexOf(open, StringComparison.Ordinal);
        var from = start < 0 ? 0 : start + open.Length;
        var end = text.IndexOf(close, StringComparison.Ordinal);
        var to = end < 0 ? text.Length : end;
        var prompt = to < from ? string.Empty : CandidateExtractor.Clean(text[from..to]); // Python's slice is empty there
        return prompt.Length == 0 || prompt.Length > MaxLength || prompt.Contains("INS", StringComparison.Ordinal) ? [] : [prompt];
    }
}
