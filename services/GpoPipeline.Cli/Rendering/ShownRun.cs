using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Rendering;

/// <summary>
/// `gpo show --json`: what the text form shows (the run, its status and why it stopped, its profile, the trajectory,
/// the step notes), named as `gpo runs --json` names the same fields. It printed the trajectory alone, without the
/// run's id or status, and with each prompt's embedding: hundreds of numbers per prompt that no script reads.
/// </summary>
public sealed record ShownRun(
    Guid Id,
    string Task,
    string Status,
    string? Reason,
    string Phase,
    int CurrentStep,
    int TotalSteps,
    string Profile,
    string? Similarity,
    string? BestPrompt,
    double? BestDevScore,
    double? BestTestScore,
    DateTime CreatedAt,
    IReadOnlyList<ShownRun.Entry> Trajectory,
    IReadOnlyList<ShownRun.StepNote> Notes)
{
    /// <summary>One selected prompt; of its embedding only the size (null when retrieval computed none).</summary>
    public sealed record Entry(int Step, string Prompt, double DevScore, double? TestScore, int? CandidateIndex, int? EditBudget, int? EditDistance, int? EmbeddingDimensions);

    public sealed record StepNote(int Step, string Note);

    public static ShownRun From(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new ShownRun(
            run.Id, run.Task, RunSummary.StatusText(run.Status), run.FailureReason, RunPhase.Of(run),
            Math.Min(run.CurrentStep, run.TotalSteps), run.TotalSteps, RunFacts.Profile(run), run.Similarity,
            run.BestPrompt, run.BestDevScore, run.BestTestScore, run.CreatedAt,
            [.. run.Trajectory.Select(t => new Entry(t.Step, t.Prompt, t.DevScore, t.TestScore, t.CandidateIndex, t.EditBudget, t.EditDistance, t.Embedding?.Length))],
            [.. run.Steps.Where(s => s.Note is not null).Select(s => new StepNote(s.Step, s.Note!))]);
    }
}
