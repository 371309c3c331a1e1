using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Direction;

namespace GpoPipeline.Optimization.Strategies.Methods;

/// <summary>
/// APE's iterative Monte Carlo search (Zhou et al. 2023, §3.3): ask for semantic-preserving variations of the
/// best prompt. The resampling template is APE's, as ProTeGi's code sends it (LMOps
/// prompt_optimization/optimizers.py generate_synonyms); the reply is the whole new instruction.
/// </summary>
public sealed class ApeMethod : IUpdateMethod
{
    public int MinibatchSize => 0;

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["template"] = "APE resampling: \"Generate a variation of the following instruction while keeping the semantic meaning.\"",
        ["samples per step"] = "8 at temperature 1.0 (GPO framework settings, spec §7)",
    };

    public static string MetaPrompt(string prompt) =>
        $"Generate a variation of the following instruction while keeping the semantic meaning.\n\nInput: {prompt}\n\nOutput:";

    public IReadOnlyList<OptimizerRequest> Reflect(StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget) => [];

    public IReadOnlyList<OptimizerRequest> Propose(
        StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget, IReadOnlyList<OptimizerReply> reflections)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directions);
        return directions.Take(1).Select(d =>
            OptimizerRequest.SingleTurn(RequestPhase.Propose, d.Current.Prompt, MetaPrompt(d.Current.Prompt))
            with { Samples = context.CandidatesPerStep, Temperature = 1.0, MaxTokens = 512 }).ToList();
    }

    public IReadOnlyList<string> Parse(OptimizerReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var prompt = CandidateExtractor.Clean(reply.Text ?? string.Empty);
        return prompt.Length == 0 ? [] : [prompt];
    }
}
