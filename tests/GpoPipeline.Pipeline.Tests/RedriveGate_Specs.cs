using GpoPipeline.DecayScheduler.Dispatch;

namespace GpoPipeline.Pipeline.Tests;

public sealed class RedriveGate_Specs
{
    private readonly SettableClock clock = new();
    private readonly Guid run = Guid.NewGuid();

    [Fact]
    public void When_a_version_of_a_run_was_just_redriven_Should_not_be_due_again_until_the_interval_has_passed()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.IsDue(run, version: 7));

        gate.Redriven(run, version: 7);

        Assert.False(gate.IsDue(run, version: 7));
        clock.Now += RedriveGate.Interval - TimeSpan.FromSeconds(1);
        Assert.False(gate.IsDue(run, version: 7));
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.True(gate.IsDue(run, version: 7)); // a later outage in the same step
    }

    [Fact]
    public void When_the_run_has_changed_since_Should_be_due_at_once()
    {
        var gate = new RedriveGate(clock);
        gate.Redriven(run, version: 7);

        Assert.True(gate.IsDue(run, version: 8));
        Assert.True(gate.IsDue(Guid.NewGuid(), version: 7)); // another run
    }

    [Fact]
    public void When_a_run_is_forgotten_Should_be_due_again()
    {
        var gate = new RedriveGate(clock);
        gate.Redriven(run, version: 7);

        gate.Forget(run);

        Assert.True(gate.IsDue(run, version: 7));
    }
}
