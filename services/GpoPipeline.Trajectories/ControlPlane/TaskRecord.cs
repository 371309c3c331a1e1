using GpoPipeline.Contracts;

namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>A named prompt under continuous optimization (issue 12): its data, settings, policy and the run in progress.</summary>
public sealed class TaskRecord : IStoredDocument
{
    /// <summary>The task name (also its key).</summary>
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string? Description { get; set; }

    /// <summary>Run settings every optimization of the task starts from; DataPath and InitialPrompt are filled per run.</summary>
    public RunSettings Settings { get; set; } = null!;
    public TaskPolicy Policy { get; set; } = new();

    /// <summary>0 before the first upload.</summary>
    public int LatestDatasetVersion { get; set; }

    /// <summary>
    /// Numbers below <see cref="LatestDatasetVersion"/> the task was never on: versions an upload wrote past (left behind
    /// by a writer that stopped, or that another writer moved the task away from). Null: none, or a task stored before
    /// this field (whose every version counted as held).
    /// </summary>
    public List<int>? SkippedDatasetVersions { get; set; }
    public int ExampleCount { get; set; }

    /// <summary>Examples in the dataset version the last optimization used (the "every N new examples" trigger counts from it).</summary>
    public int ExamplesAtLastRun { get; set; }

    /// <summary>The optimization in progress, if any: at most one per task (issue 12).</summary>
    public Guid? ActiveRunId { get; set; }

    /// <summary>
    /// When a submission took the task for <see cref="ActiveRunId"/> (UTC). The submission is stored just after: in that
    /// moment the run holds the task by this time alone (RunSubmission.ActiveRunAsync), or a second one could start.
    /// </summary>
    public DateTime? ActiveRunTakenAt { get; set; }

    /// <summary>The last schedule tick this task was started for (or skipped at).</summary>
    public DateTime? LastCronTick { get; set; }

    /// <summary>What the last automatic trigger did (started a run or why not); null before the first one fired.</summary>
    public TriggerOutcome? LastTrigger { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Whether the task is or was on dataset version <paramref name="number"/> (its data, for some time).</summary>
    public bool HeldDatasetVersion(int number) =>
        number >= 1 && number <= LatestDatasetVersion && SkippedDatasetVersions?.Contains(number) != true;
}
