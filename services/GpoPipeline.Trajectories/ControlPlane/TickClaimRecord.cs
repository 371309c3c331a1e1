namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>One schedule tick of one task, claimed by the first replica to insert it (the unique key decides).</summary>
public sealed class TickClaimRecord : IStoredDocument
{
    public static string KeyOf(string task, DateTime tick) => $"{task}/{tick.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}";

    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string Task { get; set; } = "";
    public DateTime Tick { get; set; }
    public string Claimant { get; set; } = "";
}
