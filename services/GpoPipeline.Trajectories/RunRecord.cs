using GpoPipeline.Contracts;

namespace GpoPipeline.Trajectories;

/// <summary>A run document: configuration, trajectory, per-step state and outcome (DESIGN §3).</summary>
public sealed class RunRecord
{
    private RunSettings? settings;

    public Guid Id { get; set; }

    /// <summary>
    /// Never null: a run stored without settings (a StartRun without them, rejected, in versions that stored it as
    /// given) reads as <see cref="MissingSettings"/>, since every reader of a run reads its settings (the API's GET of
    /// such a run answered 500).
    /// </summary>
    public RunSettings Settings
    {
        get => settings ?? MissingSettings;
        set => settings = value;
    }

    /// <summary>What a run without settings reads as: no data path, the defaults otherwise.</summary>
    public static RunSettings MissingSettings { get; } = new() { DataPath = "" };

    /// <summary>The settings parsed once at creation (null only for a run rejected before parsing succeeded).</summary>
    public RunConfiguration? Configuration { get; set; }

    /// <summary>Resolved task name and kind (e.g. "navigate", "Boolean").</summary>
    public string Task { get; set; } = "";
    public string TaskKind { get; set; } = "";

    /// <summary>The run's dataset: split name → SHA-256 of its stored content (see IRunStore.StoreContentAsync).</summary>
    public Dictionary<string, string> DatasetSplits { get; set; } = [];

    public RunStatus Status { get; set; }

    /// <summary>0 while the initial prompt is scored, 1..TotalSteps while optimizing, TotalSteps+1 for the test evaluation.</summary>
    public int CurrentStep { get; set; }
    public int TotalSteps { get; set; }
    public int DevCount { get; set; }

    /// <summary>Examples in the train split: what a step's training minibatch is drawn from (ProTeGi, PE2).</summary>
    public int TrainCount { get; set; }
    public int TestCount { get; set; }

    public List<TrajectoryRecord> Trajectory { get; set; } = [];
    public List<StepRecord> Steps { get; set; } = [];

    public string? BestPrompt { get; set; }
    public double? BestDevScore { get; set; }
    public double? BestTestScore { get; set; }
    public double? InitialTestScore { get; set; }

    public string? FailureReason { get; set; }

    /// <summary>The similarity relevance retrieval used (the latest step's; docs/profiles.md point 8); null before any.</summary>
    public string? Similarity { get; set; }

    /// <summary>W3C traceparent of the run's `gpo.run` activity; every step trace links to it (DESIGN §5).</summary>
    public string? RunTraceParent { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>When a ResumeRun last set the stopped run running again; null for a run never resumed (and for runs
    /// stored before this was recorded). The run-duration metric measures each ending of the run from here.</summary>
    public DateTime? ResumedAt { get; set; }

    /// <summary>
    /// The step a resumed run had reached when it last stopped: that ending reported the cost of every step up to it,
    /// and later endings report only the steps after it (each step's cost is recorded once). Null for a run never
    /// resumed, and for runs stored before this was recorded (then every step is reported, as before).
    /// </summary>
    public int? StepCostsReportedThrough { get; set; }

    /// <summary>Optimistic-concurrency version; see <see cref="IRunStore.TryUpdateRunAsync"/>.</summary>
    public long Version { get; set; }

    /// <summary>
    /// A copy that shares nothing a caller may change: every field is copied (new fields too), every list and record
    /// of the run is copied in turn; only the immutable contract records (settings, configuration) are shared.
    /// </summary>
    internal RunRecord DeepCopy()
    {
        var copy = (RunRecord)MemberwiseClone();
        copy.DatasetSplits = new Dictionary<string, string>(DatasetSplits, DatasetSplits.Comparer);
        copy.Trajectory = Trajectory.ConvertAll(entry => entry.DeepCopy());
        copy.Steps = Steps.ConvertAll(step => step.DeepCopy());
        return copy;
    }
}
