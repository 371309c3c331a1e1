using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Candidates;

/// <summary>
/// A step whose replies gave no usable candidate keeps the current prompt and goes on (issue 15 point 3): the
/// official code never fails a run here, since every reply yields some text (optimize.py lines 39-49). The current
/// prompt becomes the step's only candidate; as it was selected before, selection falls back to it.
/// </summary>
public static class KeptCurrentPrompt
{
    public const string Note = "no usable candidate in this step: the current prompt stays";

    /// <param name="index">A candidate index no reply of the step uses (the number of replies asked for).</param>
    public static Candidate For(Trajectory trajectory, int index)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        return new Candidate(index, trajectory.Current.Prompt, EditDistance: 0, WithinBudget: true);
    }
}
