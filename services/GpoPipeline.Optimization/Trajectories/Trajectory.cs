using System.Collections.Immutable;
using GpoPipeline.Optimization.Candidates;

namespace GpoPipeline.Optimization.Trajectories;

/// <summary>
/// The optimisation trajectory H (spec §1) and the set of prompts already picked at some step.
/// Immutable: <see cref="Append"/> returns a new trajectory.
/// </summary>
public sealed class Trajectory
{
    private Trajectory(ImmutableList<TrajectoryEntry> entries, ImmutableHashSet<string> picked)
    {
        Entries = entries;
        Picked = picked;
    }

    public IReadOnlyList<TrajectoryEntry> Entries { get; }

    /// <summary>Normalised keys (<see cref="PromptKey"/>) of every prompt selected so far, the seed included.</summary>
    public ImmutableHashSet<string> Picked { get; }

    public int Count => Entries.Count;

    /// <summary>p_cur: the last entry (spec §1.3).</summary>
    public TrajectoryEntry Current => Entries[^1];

    /// <summary>H = [(p0, dev(p0))] at step 0 (spec §1.1). The seed counts as picked (fixes bug §8.5).</summary>
    public static Trajectory Start(string initialPrompt, double devScore) =>
        FromEntries([new TrajectoryEntry(initialPrompt, devScore, 0)]);

    /// <summary>Rebuilds a trajectory from stored entries (oldest first); every entry counts as picked.</summary>
    public static Trajectory FromEntries(IEnumerable<TrajectoryEntry> entries)
    {
        var list = entries.ToImmutableList();
        if (list.IsEmpty)
        {
            throw new ArgumentException("A trajectory needs at least the initial prompt.", nameof(entries));
        }

        return new Trajectory(list, list.Select(e => PromptKey.Of(e.Prompt)).ToImmutableHashSet());
    }

    public Trajectory Append(TrajectoryEntry entry) =>
        new(((ImmutableList<TrajectoryEntry>)Entries).Add(entry), Picked.Add(PromptKey.Of(entry.Prompt)));

    public bool WasPicked(string prompt) => Picked.Contains(PromptKey.Of(prompt));

    /// <summary>The official code's test: the exact string was selected before (optimize.py line 962).</summary>
    public bool WasPickedExactly(string prompt) => Entries.Any(e => string.Equals(e.Prompt, prompt, StringComparison.Ordinal));
}
