namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>How many proxy answers one champion version of a task gave.</summary>
public sealed class ServedCountRecord : IStoredDocument
{
    public static string KeyOf(string task, int champion) => $"{task}/{champion}";

    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string Task { get; set; } = "";
    public int ChampionVersion { get; set; }
    public long Answers { get; set; }
}
