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
        Assert.True(gate.TryClaim(run, version: 7));

        gate.Redriven(run, version: 7);

        Assert.False(gate.TryClaim(run, version: 7));
        clock.Now += RedriveGate.Interval - TimeSpan.FromSeconds(1);
        Assert.False(gate.TryClaim(run, version: 7));
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.True(gate.TryClaim(run, version: 7)); // a later outage in the same step
    }

    [Fact]
    public void When_the_run_has_changed_since_Should_be_due_at_once()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7));
        gate.Redriven(run, version: 7);

        Assert.True(gate.TryClaim(run, version: 8));
        Assert.True(gate.TryClaim(Guid.NewGuid(), version: 7)); // another run
    }

    [Fact]
    public void When_replies_ask_at_the_same_moment_Should_let_exactly_one_redrive()
    {
        var gate = new RedriveGate(clock);
        using var start = new Barrier(8);

        var claims = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(_ =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            return gate.TryClaim(run, version: 7);
        }).ToList();

        Assert.Single(claims, claimed => claimed);
    }

    [Fact]
    public void When_a_redrive_is_running_Should_not_start_another_even_for_the_version_it_makes()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7));

        // The re-drive itself moved the run to version 8 (a step's new trace id); a reply reading it now is not progress.
        Assert.False(gate.TryClaim(run, version: 8));
        gate.Redriven(run, version: 8);
        Assert.False(gate.TryClaim(run, version: 8));
    }

    [Fact]
    public void When_a_redrive_failed_Should_be_due_again()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7));

        gate.Release(run);

        Assert.True(gate.TryClaim(run, version: 7));
    }

    [Fact]
    public void When_a_run_is_forgotten_Should_be_due_again()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7));
        gate.Redriven(run, version: 7);

        gate.Forget(run);

        Assert.True(gate.TryClaim(run, version: 7));
    }
}
