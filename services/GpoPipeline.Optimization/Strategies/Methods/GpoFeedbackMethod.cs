using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Strategies.Methods;

/// <summary>
/// APO as the GPO authors ran it inside their own code (first commit 51298a7, scripts/APO.sh lines 15-21:
/// gradient "feedback", util_gradient "edit", no trajectory, no word limit): one reflection call on the wrong
/// examples of an 8-example training batch at temperature 0 (optimize.py lines 619-642), then GPO's editing
/// meta-prompt with the problems block, sampled 8 times. Without wrong examples the step edits without feedback.
/// </summary>
public sealed class GpoFeedbackMethod(int minibatchSize = 8) : IUpdateMethod
{
    private static readonly MetaPromptOptions Edit = new() { Refinement = Refinement.Edit };

    public int MinibatchSize { get; } = minibatchSize;

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["minibatch"] = $"{minibatchSize} training examples (opt_batch_size), drawn at random instead of the code's sequential slices",
        ["reflection"] = "feedback_gradient.py prompt, temperature 0, 1 sample",
        ["refinement"] = "edit with the problems block (edit_based_util_gradient.py)",
        ["samples per step"] = "8 at temperature 1.0",
    };

    public int MaxReflectCalls(int beamSize, int candidatesPerStep) => Math.Min(1, beamSize);

    public IReadOnlyList<OptimizerRequest> Reflect(StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directions);
        return directions.Take(1)
            .Select(d => (Prompt: d.Current.Prompt, Wrong: context.MinibatchFor(d.Current.Prompt).Where(e => !e.Correct).ToList()))
            .Where(x => x.Wrong.Count > 0)
            .Select(x => OptimizerRequest.SingleTurn(RequestPhase.Reflect, x.Prompt, GpoFeedbackText.Gradient(x.Prompt, x.Wrong))
                with { Temperature = 0, MaxTokens = 512 })
            .ToList();
    }

    public IReadOnlyList<OptimizerRequest> Propose(
        StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget, IReadOnlyList<OptimizerReply> reflections)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directions);
        ArgumentNullException.ThrowIfNull(reflections);
        return directions.Take(1).Select(direction =>
        {
            var current = direction.Current.Prompt;
            var text = MetaPromptBuilder.Build(direction, context.FormatExamples, editBudget, Edit with { Position = context.Position });
            // The code keeps only the first completion and reads it with the candidates' tag fallback.
            var feedback = reflections.Where(r => r.Request.Parent == current)
                .Select(r => CandidateExtractor.Extract(r.Text, tagFallback: true).Prompt).FirstOrDefault(f => f is not null);
            return OptimizerRequest.SingleTurn(RequestPhase.Propose, current, feedback is null ? text : GpoFeedbackText.WithProblems(text, current, feedback))
                with { Samples = context.CandidatesPerStep, Temperature = 1.0, MaxTokens = 512 };
        }).ToList();
    }

    public IReadOnlyList<string> Parse(OptimizerReply reply) =>
        CandidateExtractor.Extract(reply?.Text).Prompt is { } prompt ? [prompt] : [];
}
