using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>The per-run limit on score batches in flight, as a pure object: no broker, no store, no clock.</summary>
public sealed class BatchWindow_Specs
{
    private static readonly Guid Run = Guid.NewGuid();

    [Fact]
    public void When_a_step_has_more_batches_than_the_limit_Should_admit_the_first_ones_up_to_the_limit_and_keep_a_backlog()
    {
        var window = new BatchWindow(3);

        var admitted = window.Admit(Run, 1, Batches(0, 10));

        Assert.Equal([0, 1, 2], admitted.Select(b => b.BatchIndex));
        Assert.True(window.HasBacklog(Run));
        Assert.False(window.HasBacklog(Guid.NewGuid()));
    }

    [Fact]
    public void When_replies_are_recorded_Should_admit_as_many_new_batches_and_never_resend_one_in_flight()
    {
        var window = new BatchWindow(3);
        window.Admit(Run, 1, Batches(0, 10));

        var nothingFree = window.Admit(Run, 1, Batches(0, 10)); // no reply yet: 0, 1, 2 are still out
        var afterTwo = window.Admit(Run, 1, Batches(2, 10)); // 0 and 1 recorded: two slots free, 2 still out

        Assert.Empty(nothingFree);
        Assert.Equal([3, 4], afterTwo.Select(b => b.BatchIndex));
        Assert.True(window.HasBacklog(Run));
    }

    [Fact]
    public void When_the_last_batches_are_admitted_Should_have_no_backlog()
    {
        var window = new BatchWindow(4);
        window.Admit(Run, 1, Batches(0, 6));

        var rest = window.Admit(Run, 1, Batches(4, 6));

        Assert.Equal([4, 5], rest.Select(b => b.BatchIndex));
        Assert.False(window.HasBacklog(Run));
    }

    [Fact]
    public void When_the_run_moves_to_another_step_or_is_redriven_Should_start_with_an_empty_window()
    {
        var window = new BatchWindow(2);
        window.Admit(Run, 1, Batches(0, 5));

        var nextStep = window.Admit(Run, 2, Batches(0, 5));
        window.Reset(Run);
        var redriven = window.Admit(Run, 2, Batches(0, 5)); // lost messages are sent again after a redrive

        Assert.Equal([0, 1], nextStep.Select(b => b.BatchIndex));
        Assert.Equal([0, 1], redriven.Select(b => b.BatchIndex));
    }

    [Fact]
    public void When_two_runs_share_the_window_Should_limit_each_run_on_its_own()
    {
        var window = new BatchWindow(2);
        var other = Guid.NewGuid();

        window.Admit(Run, 1, Batches(0, 100));
        var small = window.Admit(other, 1, Batches(0, 3));

        Assert.Equal(2, small.Count);
    }

    [Fact]
    public void When_the_limit_is_below_one_Should_refuse_it()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchWindow(0));
    }

    [Fact]
    public void When_a_reply_arrives_before_its_score_is_recorded_Should_free_its_slot_and_keep_its_calls_reserved()
    {
        var window = new BatchWindow(2);
        var sent = window.Admit(Run, 1, Batches(0, 6));
        window.Reserve(Run, 1, sent[0], 7);

        window.Release(Run, 1, sent[0]); // batch 0 answered, its answers not written yet: still missing a score
        var next = window.Admit(Run, 1, Batches(0, 6));
        var full = window.Admit(Run, 1, Batches(0, 6));

        Assert.Equal([2], next.Select(b => b.BatchIndex)); // one slot free; batch 0 itself is never sent again
        Assert.Empty(full);
        Assert.Equal(7 + 4 + 4, window.CallsInFlight(Run, 1, Batches(0, 6), b => b.Size)); // batch 0's calls still count
    }

    [Fact]
    public void When_a_reply_names_a_batch_this_window_did_not_send_Should_free_no_slot()
    {
        var window = new BatchWindow(2);
        window.Admit(Run, 2, Batches(0, 6));

        window.Release(Run, 2, Batches(4, 5)[0]); // never sent
        window.Release(Run, 1, Batches(0, 1)[0]); // another step's batch 0
        window.Release(Guid.NewGuid(), 2, Batches(0, 1)[0]); // another run's

        Assert.Empty(window.Admit(Run, 2, Batches(0, 6)));
    }

    /// <summary>Batches [from, to) of candidate 0, as a step's missing batches.</summary>
    [Fact]
    public void When_batches_are_out_Should_count_the_calls_each_reserved_until_its_score_is_recorded()
    {
        var window = new BatchWindow(3);
        var sent = window.Admit(Run, 1, Batches(0, 10));
        window.Reserve(Run, 1, sent[0], 5);
        window.Reserve(Run, 1, sent[1], 2);

        // Batch 2 was admitted and its reservation is not noted yet: counted as the fallback (here its size, 4).
        Assert.Equal(5 + 2 + 4, window.CallsInFlight(Run, 1, Batches(0, 10), b => b.Size));
        // Batch 0 recorded (no longer missing): its calls are in the spend, no longer in flight.
        Assert.Equal(2 + 4, window.CallsInFlight(Run, 1, Batches(1, 10), b => b.Size));
        // Batches never sent reserve nothing; another step or run has nothing out.
        Assert.Equal(0, window.CallsInFlight(Run, 1, Batches(3, 10), b => b.Size));
        Assert.Equal(0, window.CallsInFlight(Run, 2, Batches(0, 10), b => b.Size));
        Assert.Equal(0, window.CallsInFlight(Guid.NewGuid(), 1, Batches(0, 10), b => b.Size));
        // A reservation for a batch never admitted is not noted.
        window.Reserve(Run, 1, Batches(5, 6)[0], 9);
        Assert.Equal(0, window.CallsInFlight(Run, 1, Batches(5, 6), b => b.Size));
    }

    [Fact]
    public void When_sending_admitted_batches_failed_Should_free_their_slots_and_reservations_and_admit_them_again()
    {
        var window = new BatchWindow(4);
        window.Admit(Run, 1, Batches(0, 2));
        window.Reserve(Run, 1, Batches(0, 1)[0], 5);
        var failed = window.Admit(Run, 1, Batches(0, 4)); // 2 and 3: their publish fails
        window.Reserve(Run, 1, failed[0], 7);

        window.Withdraw(Run, 1, failed);

        Assert.Equal(5 + 4, window.CallsInFlight(Run, 1, Batches(0, 4), b => b.Size)); // 0 as reserved, 1 unreserved
        Assert.Equal([2, 3], window.Admit(Run, 1, Batches(0, 4)).Select(b => b.BatchIndex));
    }

    [Fact]
    public void When_a_steps_generation_request_was_sent_Should_say_so_until_the_sending_fails_or_the_window_is_reset()
    {
        var window = new BatchWindow(4);

        Assert.False(window.Opening(Run, 2));
        Assert.True(window.Opening(Run, 2)); // a duplicate must not send it again
        Assert.False(window.Opening(Run, 3)); // the next step
        window.WithdrawOpening(Run, 3);
        Assert.False(window.Opening(Run, 3));
        window.Reset(Run);
        Assert.False(window.Opening(Run, 3));
    }

    private static List<BatchPlan> Batches(int from, int to) =>
        [.. Enumerable.Range(from, to - from).Select(i => new BatchPlan(0, i, "p", "dev", i * 4, (i * 4) + 4))];
}
