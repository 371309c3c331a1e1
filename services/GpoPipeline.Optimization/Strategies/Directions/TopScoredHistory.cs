using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Strategies.Directions;

/// <summary>
/// OPRO's optimization trajectory (Yang et al. 2024, §2.2 and §5.1; opro/optimization/opt_utils.py
/// gen_ins_and_score_pairs_substr): every prompt scored so far at or above <see cref="Threshold"/>, sorted by
/// score ascending so the best is nearest the instruction, the top <see cref="Max"/> (20) kept.
/// </summary>
public sealed class TopScoredHistory(int max = 20, double threshold = 0.0) : IDirectionSource
{
    public int Max { get; } = max >= 1 ? max : throw new ArgumentOutOfRangeException(nameof(max), max, "Keep at least 1 prompt.");

    /// <summary>OPRO shows only prompts scoring at least this accuracy (0.3 with GPT scorers, 0.0 with text-bison).</summary>
    public double Threshold { get; } = threshold;

    public string Describe() => $"top {Max} scored prompts, ascending by score, threshold {Threshold}";

    public UpdateDirection For(StepContext context, TrajectoryEntry current)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Python's sorted() is stable, as is OrderBy: equal scores keep the order they were scored in.
        var shown = context.State.Evaluated.OrderBy(e => e.DevScore).TakeLast(Max)
            .Where(e => Threshold <= 0 || e.DevScore >= Threshold).ToList();
        return new UpdateDirection(RetrievalStrategy.Importance, shown, current);
    }
}
