namespace GpoPipeline.Contracts;

/// <summary>Event: a task's champion prompt changed (a significant challenger, or a rollback).</summary>
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
