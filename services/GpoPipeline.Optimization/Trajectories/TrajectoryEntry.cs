namespace GpoPipeline.Optimization.Trajectories;

/// <summary>
/// One selected prompt of a run (spec §1.3.8): only the prompt picked at a step enters the trajectory.
/// <see cref="DevScore"/> is accuracy in [0, 1] (ROUGE-L F1 for generation tasks).
/// </summary>
public sealed record TrajectoryEntry(string Prompt, double DevScore, int Step)
{
    /// <summary>Ids of the candidates generated at this step (for reports; not used by the algorithm).</summary>
    public IReadOnlyList<string> CandidateIds { get; init; } = [];
}
