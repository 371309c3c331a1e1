using System.ComponentModel;

namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>When a task is re-optimized and when a challenger may replace its champion.</summary>
public sealed class TaskPolicy
{
    /// <summary>Significance level of the paired test (issue 12 default 0.05).</summary>
    public double Alpha { get; set; } = 0.05;

    /// <summary>Smallest improvement, in score points (0–100), worth a promotion (issue 12 default +1).</summary>
    [Description(TaskPolicyUnits.MinimumEffect)]
    public double MinimumEffect { get; set; } = 1.0;

    /// <summary>Start a re-optimization after this many newly ingested examples; null: never.</summary>
    public int? ReoptimizeEveryExamples { get; set; }

    /// <summary>
    /// Re-optimize when the champion, scored on the newest labelled examples after an append, falls more than this
    /// many score points (0–100) below its recorded score; null: no score check (each check costs task-model calls).
    /// </summary>
    [Description(TaskPolicyUnits.ScoreDropThreshold)]
    public double? ScoreDropThreshold { get; set; }

    /// <summary>How many of the newest labelled examples a score check scores the champion on (default 50).</summary>
    public int ScoreDropExamples { get; set; } = DefaultScoreDropExamples;

    public const int DefaultScoreDropExamples = 50;

    /// <summary>Cron expression (5 fields, UTC) for scheduled re-optimization; null: none.</summary>
    public string? Cron { get; set; }

    /// <summary>Per-task spend limits for one UTC day; null: unlimited.</summary>
    public double? DailyMaxCost { get; set; }
    public long? DailyMaxCalls { get; set; }
    public long? DailyMaxTokens { get; set; }
}
