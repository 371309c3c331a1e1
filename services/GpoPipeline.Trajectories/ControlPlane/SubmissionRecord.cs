namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>A run the control plane started for a task, and what it started from.</summary>
public sealed class SubmissionRecord : IStoredDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public Guid RunId { get; set; }
    public string Task { get; set; } = "";
    public int ChampionVersion { get; set; }
    public int DatasetVersion { get; set; }
    public string Trigger { get; set; } = "";
    public DateTime SubmittedAt { get; set; }

    /// <summary>A score check (an evaluation-only run of the champion on the newest examples), not an optimization.</summary>
    public bool ScoreCheck { get; set; }

    /// <summary>Of a score check: the examples of the dataset version it scored (the newest ones).</summary>
    public int CheckedExamples { get; set; }

    /// <summary>
    /// Set when the control plane could not start the run after it claimed the task (its dataset folder could not be
    /// written, the StartRun could not be published): the run never exists, holds no slot and is shown failed with this.
    /// </summary>
    public string? StartFailure { get; set; }

    /// <summary>
    /// How often the run was resumed through the API. Each attempt that ends is decided on its own (the decision id
    /// names the attempt), so a resumed run's results are judged even though its failure was decided before.
    /// </summary>
    public int Resumes { get; set; }

    /// <summary>
    /// When the latest resume was accepted (the control plane's clock), until the scheduler takes up its ResumeRun: the
    /// run is the task's run in progress meanwhile, although it is still stored as it stopped. Null when never resumed,
    /// or when the resume was undone.
    /// </summary>
    public DateTime? ResumedAt { get; set; }
}
