using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Strategies.Methods;

/// <summary>
/// GPO's update method (spec §2.4, §3.1): one meta-prompt from <see cref="MetaPromptBuilder"/> (generation or
/// editing), sampled <see cref="StepContext.CandidatesPerStep"/> times at temperature 1.0, read between
/// &lt;START&gt; and &lt;END&gt; by <see cref="CandidateExtractor"/>. The ablations differ only in the options passed.
/// </summary>
public sealed class GpoMethod(MetaPromptOptions options, bool tagFallback = false) : IUpdateMethod
{
    public int MinibatchSize => 0;

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["refinement"] = options.Refinement.ToString().ToLowerInvariant(),
        ["scores shown"] = options.ScoreDisplay.ToString().ToLowerInvariant(),
        ["samples per step"] = "8 at temperature 1.0 (spec §4)",
    };

    public IReadOnlyList<OptimizerRequest> Reflect(StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget) => [];

    public IReadOnlyList<OptimizerRequest> Propose(
        StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget, IReadOnlyList<OptimizerReply> reflections)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directions);
        return directions.Take(1).Select(direction =>
            OptimizerRequest.SingleTurn(RequestPhase.Propose, direction.Current.Prompt,
                MetaPromptBuilder.Build(direction, context.FormatExamples, editBudget, options with { Position = context.Position }))
            with { Samples = context.CandidatesPerStep, Temperature = 1.0, MaxTokens = 512 }).ToList();
    }

    public IReadOnlyList<string> Parse(OptimizerReply reply) =>
        CandidateExtractor.Extract(reply?.Text, tagFallback).Prompt is { } prompt ? [prompt] : [];
}
