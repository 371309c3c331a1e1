namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>An immutable dataset version of a task: every upload or append writes a new one.</summary>
public sealed class DatasetVersionRecord : IStoredDocument
{
    public static string KeyOf(string task, int number) => $"{task}/{number}";

    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string Task { get; set; } = "";
    public int Number { get; set; }
    public List<DatasetExample> Examples { get; set; } = [];

    /// <summary>SHA-256 of the examples' canonical JSON lines: the version's content address.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Examples this version added to the previous one.</summary>
    public int Added { get; set; }
    public DateTime CreatedAt { get; set; }
}
