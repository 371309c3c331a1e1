namespace GpoPipeline.Contracts;

/// <summary>
/// Event: a task's champion prompt changed (a significant challenger, or a rollback). At least once: a redelivered or
/// retried decision announces its stored promotion again, and a version whose event did not leave is announced later by
/// the control plane's sweep (one announcement lost was a champion change nobody heard of), so a subscriber treats a
/// <see cref="Task"/> and <see cref="ChampionVersion"/> it has seen as seen (versions only grow).
/// </summary>
public sealed record ChampionPromoted
{
    public required string Task { get; init; }
    public required int ChampionVersion { get; init; }
    public required string Prompt { get; init; }

    /// <summary>The run whose challenger won; null for a rollback.</summary>
    public Guid? RunId { get; init; }

    /// <summary>"promoted" or "rolled-back".</summary>
    public required string Outcome { get; init; }
    public double? PValue { get; init; }
}
