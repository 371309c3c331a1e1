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
}
