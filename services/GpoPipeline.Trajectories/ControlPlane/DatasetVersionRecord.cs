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

    /// <summary>
    /// The version an append built this one on (0: the task had no data); null for a replacing upload, which builds on
    /// nothing, and for versions stored before this field. The task moves to an append's version only from that one:
    /// moved from another, it would drop the examples that other version holds.
    /// </summary>
    public int? BasedOn { get; set; }

    /// <summary>
    /// A request answered 201 for this version's examples (set once, compare-and-set): of the requests that wrote it or
    /// took it in when its writer seemed gone, exactly one announces it and fires the triggers.
    /// </summary>
    public bool Announced { get; set; }
    public DateTime CreatedAt { get; set; }
}
