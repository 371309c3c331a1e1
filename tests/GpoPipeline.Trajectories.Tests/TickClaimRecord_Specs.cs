using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Trajectories.Tests;

public sealed class TickClaimRecord_Specs
{
    private static readonly DateTime Tick = new(2026, 12, 6, 3, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    [Fact]
    public void When_a_claim_has_its_time_Should_lapse_a_lease_after_it()
    {
        var claim = new TickClaimRecord { Tick = Tick, ClaimedAt = Tick.AddMinutes(2) };

        Assert.False(claim.LapsedAt(Tick.AddMinutes(12).AddSeconds(-1), Lease));
        Assert.True(claim.LapsedAt(Tick.AddMinutes(12), Lease));
    }

    [Fact]
    public void When_a_claim_was_stored_without_its_time_Should_lapse_a_lease_after_its_tick_not_at_once()
    {
        // Stored by a version before leases: an older replica may be submitting it right now (a rolling upgrade).
        var claim = new TickClaimRecord { Tick = Tick };

        Assert.False(claim.LapsedAt(Tick.AddSeconds(30), Lease));
        Assert.True(claim.LapsedAt(Tick + Lease, Lease));
    }
}
