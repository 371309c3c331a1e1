namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>A champion decision with its evidence and who or what caused it (issue 12 "History and rollback").</summary>
public sealed class DecisionRecord : IStoredDocument
{
    /// <summary>A run's decision is keyed by the run, so a redelivered RunCompleted decides once.</summary>
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string Task { get; set; } = "";

    /// <summary>initial, promoted, kept, rolled-back.</summary>
    public string Outcome { get; set; } = "";
    public Guid? RunId { get; set; }

    /// <summary>manual, examples, schedule, api key name…</summary>
    public string Trigger { get; set; } = "";
    public int? ChampionVersion { get; set; }
    public int? NewChampionVersion { get; set; }
    /// <summary>Both scores are stored in points (0–100); the API answers them 0–1 (GpoPipeline.Api's ApiScore).</summary>
    public double? ChampionScore { get; set; }
    public double? ChallengerScore { get; set; }
    public double? PValue { get; set; }
    public int? ExampleCount { get; set; }

    /// <summary>exact McNemar or paired bootstrap.</summary>
    public string? Test { get; set; }
    public string Reason { get; set; } = "";
    public DateTime DecidedAt { get; set; }
}
