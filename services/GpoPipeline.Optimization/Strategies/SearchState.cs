using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// What an optimizer knows between steps. The three lists differ by method: GPO reads <see cref="Path"/>
/// (one selected prompt per step, spec §1.3.8), OPRO reads <see cref="Evaluated"/> (every scored prompt,
/// OPRO §2.2 "optimization trajectory"), ProTeGi expands every prompt of <see cref="Beam"/> (ProTeGi §2.3).
/// Immutable: each step returns a new state.
/// </summary>
public sealed record SearchState(IReadOnlyList<TrajectoryEntry> Evaluated, Trajectory Path, IReadOnlyList<TrajectoryEntry> Beam)
{
    /// <summary>The seed prompt scored on dev: the only entry of all three lists.</summary>
    public static SearchState Start(string initialPrompt, double devScore)
    {
        var seed = new TrajectoryEntry(initialPrompt, devScore, 0);
        return new SearchState([seed], Trajectory.FromEntries([seed]), [seed]);
    }

    /// <summary>The best-scoring prompt evaluated so far; ties go to the earliest.</summary>
    public TrajectoryEntry Best => Evaluated.OrderByDescending(e => e.DevScore).FirstOrDefault()
        ?? throw new InvalidOperationException("The search state has no scored prompt; create it with SearchState.Start.");

    /// <summary>True when a prompt with the same <see cref="PromptKey"/> was already scored.</summary>
    public bool WasEvaluated(string prompt) => Evaluated.Any(e => PromptKey.Of(e.Prompt) == PromptKey.Of(prompt));

    /// <summary>Adds this step's scored candidates to <see cref="Evaluated"/>, skipping prompts scored before.</summary>
    public SearchState WithEvaluated(IReadOnlyList<ScoredCandidate> scored, int step)
    {
        ArgumentNullException.ThrowIfNull(scored);
        var seen = Evaluated.Select(e => PromptKey.Of(e.Prompt)).ToHashSet(StringComparer.Ordinal);
        var added = scored.OrderBy(c => c.Index).Where(c => seen.Add(PromptKey.Of(c.Prompt)))
            .Select(c => new TrajectoryEntry(c.Prompt, c.DevScore, step));
        return this with { Evaluated = [.. Evaluated, .. added] };
    }
}
