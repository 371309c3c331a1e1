namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>
/// One schedule tick of one task, claimed by the first replica to insert it (the unique key decides). The claim is a
/// lease: a replica that died between claiming and recording the tick would otherwise hold it for ever, so a claim
/// older than the lease may be taken over (<see cref="ControlPlaneStore.TryTakeOverTickAsync"/>).
/// </summary>
public sealed class TickClaimRecord : IStoredDocument
{
    public static string KeyOf(string task, DateTime tick) => $"{task}/{tick.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}";

    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string Task { get; set; } = "";
    public DateTime Tick { get; set; }
    public string Claimant { get; set; } = "";

    /// <summary>
    /// When <see cref="Claimant"/> claimed (or took over) the tick (UTC, its clock). A claim stored by a version before
    /// leases has none (<see cref="DateTime.MinValue"/>): its lease runs from the tick, so a tick stuck before the upgrade
    /// is recovered, and one an older replica is claiming during a rolling upgrade is not taken from it at once.
    /// </summary>
    public DateTime ClaimedAt { get; set; }

    /// <summary>Whether the claim's lease has run out at <paramref name="now"/>: its claimant may have died.</summary>
    public bool LapsedAt(DateTime now, TimeSpan lease) => now.ToUniversalTime() - (ClaimedAt == default ? Tick.ToUniversalTime() : ClaimedAt) >= lease;
}
