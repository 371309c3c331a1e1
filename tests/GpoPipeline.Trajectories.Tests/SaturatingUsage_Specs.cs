using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// Usage counters are summed where budgets are checked, charges are made and memo entries are read: a huge stored
/// number (usage forged before the reply checks bounded it) stops at long.MaxValue instead of wrapping a run's spend
/// negative, which lifted its MaxCalls, or throwing an OverflowException, which failed the run.
/// </summary>
public sealed class SaturatingUsage_Specs : IDisposable
{
    private readonly TemporaryDatabaseFile file = new();

    [Fact]
    public void When_counts_sum_past_the_largest_long_Should_stop_there_either_way()
    {
        Assert.Equal(long.MaxValue, SaturatingCount.Add(long.MaxValue, 1));
        Assert.Equal(long.MaxValue, SaturatingCount.Add(9223372036854775800, 9223372036854775800));
        Assert.Equal(long.MinValue, SaturatingCount.Add(long.MinValue, -1));
        Assert.Equal(5, SaturatingCount.Add(7, -2));
        Assert.Equal(long.MaxValue, SaturatingCount.Sum([long.MaxValue, 1, 1]));
    }

    [Fact]
    public void When_a_runs_records_hold_huge_counts_Should_total_them_at_the_largest_long()
    {
        var totals = RunTotals.From(
        [
            new UsageRecord { Role = "task", Calls = long.MaxValue, InputTokens = long.MaxValue, MemoHits = long.MaxValue },
            new UsageRecord { Role = "optimizer", Calls = 1, OutputTokens = 1, MemoHits = 1 },
        ]);

        Assert.Equal((long.MaxValue, long.MaxValue, long.MaxValue), (totals.Calls, totals.Tokens, totals.MemoHits));
    }

    [Fact]
    public void When_a_batch_charges_answers_with_huge_usage_Should_charge_the_largest_long_and_not_throw()
    {
        var batch = new ScoredBatch
        {
            Results =
            [
                new ExampleResultRecord { Key = "a", Calls = long.MaxValue, Attempts = long.MaxValue, InputTokens = long.MaxValue },
                new ExampleResultRecord { Key = "b", Calls = 1, Attempts = 1, InputTokens = 1, OutputTokens = 1 },
            ],
            Keys = ["a", "b"], Role = "task", ReplyId = Guid.NewGuid(), Batch = new BatchScoreRecord { RunId = Guid.NewGuid() },
        };

        var charge = batch.Charge(new HashSet<string>(StringComparer.Ordinal) { "a", "b" });
        var assembled = batch.Assemble(key => batch.Results.Single(r => r.Key == key));

        Assert.Equal((long.MaxValue, long.MaxValue, long.MaxValue), (charge.Calls, charge.Attempts, charge.InputTokens));
        Assert.Equal(long.MaxValue, assembled!.InputTokens);
    }

    [Fact]
    public async Task When_usage_added_to_a_counter_passes_the_largest_long_Should_keep_the_largest_long()
    {
        using var store = new LiteDbRunStore(file.Path);
        var runId = Guid.NewGuid();

        await store.AddUsageAsync(new UsageRecord { RunId = runId, Step = 0, Role = "task", Calls = long.MaxValue, InputTokens = long.MaxValue });
        await store.AddUsageOnceAsync(new UsageRecord { RunId = runId, Step = 0, Role = "task", Calls = 1, InputTokens = 1 }, Guid.NewGuid());

        var usage = Assert.Single(await store.GetUsageAsync(runId));
        Assert.Equal((long.MaxValue, long.MaxValue), (usage.Calls, usage.InputTokens));
    }

    public void Dispose() => file.Dispose();
}
