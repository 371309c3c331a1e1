namespace GpoPipeline.Contracts;

/// <summary>
/// Event: the control plane recorded its decision about a run it started (promoted, kept, or a score check's
/// verdict). A run's progress stream ends with it, so a client that reads the champion after the stream sees the
/// decision's effect; RunCompleted alone comes before the decision.
/// </summary>
public sealed record ChampionDecisionRecorded
{
    public required Guid RunId { get; init; }
    public required string Task { get; init; }

    /// <summary>promoted, kept, score-checked, score-dropped.</summary>
    public required string Outcome { get; init; }

    /// <summary>The champion version in force after the decision.</summary>
    public int? ChampionVersion { get; init; }
    public double? PValue { get; init; }
    public string Reason { get; init; } = "";
}
