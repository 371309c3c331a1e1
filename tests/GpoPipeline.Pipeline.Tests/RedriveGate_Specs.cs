using GpoPipeline.DecayScheduler.Dispatch;
using Microsoft.Extensions.Time.Testing;

namespace GpoPipeline.Pipeline.Tests;

public sealed class RedriveGate_Specs
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly Guid run = Guid.NewGuid();

    [Fact]
    public void When_a_version_of_a_run_was_just_redriven_Should_not_be_due_again_until_the_interval_has_passed()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7, out var claim));

        gate.Redriven(run, claim, version: 7);

        Assert.False(gate.TryClaim(run, version: 7, out _));
        clock.Advance(RedriveGate.Interval - TimeSpan.FromSeconds(1));
        Assert.False(gate.TryClaim(run, version: 7, out _));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(gate.TryClaim(run, version: 7, out _)); // a later outage in the same step
    }

    [Fact]
    public void When_the_run_has_changed_since_Should_be_due_at_once()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7, out var claim));
        gate.Redriven(run, claim, version: 7);

        Assert.True(gate.TryClaim(run, version: 8, out _));
        Assert.True(gate.TryClaim(Guid.NewGuid(), version: 7, out _)); // another run
    }

    [Fact]
    public void When_replies_ask_at_the_same_moment_Should_let_exactly_one_redrive()
    {
        var gate = new RedriveGate(clock);
        using var start = new Barrier(8);

        var claims = Enumerable.Range(0, 8).AsParallel().WithDegreeOfParallelism(8).Select(reply =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            return gate.TryClaim(run, version: 7, out _);
        }).ToList();

        Assert.Single(claims, claimed => claimed);
    }

    [Fact]
    public void When_a_redrive_is_running_Should_not_start_another_even_for_the_version_it_makes()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7, out var claim));

        // The re-drive itself moved the run to version 8 (a step's new trace id); a reply reading it now is not progress.
        Assert.False(gate.TryClaim(run, version: 8, out _));
        gate.Redriven(run, claim, version: 8);
        Assert.False(gate.TryClaim(run, version: 8, out _));
    }

    [Fact]
    public void When_a_redrive_failed_Should_be_due_again()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7, out var claim));

        gate.Release(run, claim);

        Assert.True(gate.TryClaim(run, version: 7, out _));
    }

    [Fact]
    public void When_a_run_is_forgotten_Should_be_due_again()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7, out var claim));
        gate.Redriven(run, claim, version: 7);

        gate.Forget(run);

        Assert.True(gate.TryClaim(run, version: 7, out _));
    }

    [Fact]
    public void When_the_run_ends_during_its_redrive_Should_not_remember_it_afterwards()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7, out var claim));

        gate.Forget(run); // the re-drive closed the run's last step (or a cancel arrived)
        gate.Redriven(run, claim, version: 9);

        Assert.Equal(0, gate.Remembered);
    }

    [Fact]
    public void When_a_run_was_forgotten_and_claimed_anew_during_a_redrive_Should_the_first_settle_nothing()
    {
        var gate = new RedriveGate(clock);
        Assert.True(gate.TryClaim(run, version: 7, out var first));
        gate.Forget(run);
        Assert.True(gate.TryClaim(run, version: 7, out var second));

        gate.Release(run, first); // the first re-drive fails late: the second still holds the run
        Assert.False(gate.TryClaim(run, version: 7, out _));
        gate.Redriven(run, first, version: 7);
        Assert.False(gate.TryClaim(run, version: 8, out _)); // still running: the first's mark did not end the second's claim

        gate.Redriven(run, second, version: 8);
        Assert.False(gate.TryClaim(run, version: 8, out _));
    }
}
