using GpoPipeline.SimulatedLlm;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

[Collection(BrokerSpecs.Name)]
public sealed class Budget_Specs
{
    [Fact]
    public async Task When_MaxCalls_cannot_pay_for_the_next_step_Should_stop_before_dispatching_it_and_never_exceed_it()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);

        var run = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun() with { MaxCalls = 30 }));

        Assert.Equal(RunStatus.StoppedBudget, run.Status);
        Assert.Contains("calls", run.FailureReason, StringComparison.Ordinal);
        var paid = cluster.Simulator.Requests.Snapshot().Count(r => r.StatusCode == 200);
        Assert.InRange(paid, 1, 30);
        // What the scheduler recorded from the replies is what the endpoint was asked for.
        Assert.Equal(paid, (await cluster.Store.GetUsageAsync(run.Id)).Sum(u => u.Calls));
    }

    [Fact]
    public async Task When_a_step_has_more_batches_than_the_window_Should_count_the_calls_in_flight_and_never_exceed_MaxCalls()
    {
        // A window of 2 batches: the steps' batches go out as replies are recorded, so each refill is checked against
        // MaxCalls while other batches are still out. Counting only the recorded calls let the last refills overshoot.
        // Uniform latencies: replies come back one by one, so a refill goes out while the window's other batch is out.
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1, simulator: sim => sim.TaskLatency = new LatencyOptions { Kind = LatencyKind.Uniform, Milliseconds = 1, MaxMilliseconds = 40 }, settings: new Dictionary<string, string?>
        {
            ["Scheduler:MaxBatchesInFlightPerRun"] = "4",
        });

        var runs = new List<(Guid Id, int MaxCalls)>();
        foreach (var (maxCalls, seed) in Enumerable.Range(20, 40).ToArray().Select((limit, i) => (limit, 40 + i)))
        {
            var run = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun(seed: seed) with { MaxCalls = maxCalls }));
            Assert.True(run.Status is RunStatus.StoppedBudget or RunStatus.Completed, $"run with MaxCalls {maxCalls} ended {run.Status}: {run.FailureReason}");
            runs.Add((run.Id, maxCalls));
        }

        // Batches out when a run stopped are answered and their late replies recorded and charged: wait until what
        // the scheduler recorded is what the endpoint was paid for.
        var spent = new Dictionary<Guid, long>();
        var paid = 0;
        for (var wait = 0; wait < 100; wait++)
        {
            paid = cluster.Simulator.Requests.Snapshot().Count(r => r.StatusCode == 200);
            foreach (var (id, _) in runs)
            {
                spent[id] = (await cluster.Store.GetUsageAsync(id)).Sum(u => u.Calls);
            }

            if (spent.Values.Sum() == paid)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(paid, spent.Values.Sum());
        var report = string.Join(", ", runs.Select(r => $"{spent[r.Id]} of {r.MaxCalls}"));
        Assert.All(runs, r => Assert.True(spent[r.Id] <= r.MaxCalls, $"calls spent: {report}"));
    }

    [Fact]
    public async Task When_MaxTokens_is_reached_Should_overshoot_by_at_most_the_work_dispatched_while_below_it()
    {
        const long maxTokens = 1_500;
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);

        var run = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun() with { MaxTokens = maxTokens }));

        Assert.Equal(RunStatus.StoppedBudget, run.Status);
        Assert.Contains("tokens", run.FailureReason, StringComparison.Ordinal);
        var usage = await cluster.Store.GetUsageAsync(run.Id);
        var lastStep = usage.Max(u => u.Step);
        var beforeLast = usage.Where(u => u.Step < lastStep).Sum(u => u.InputTokens + u.OutputTokens);
        var total = usage.Sum(u => u.InputTokens + u.OutputTokens);
        // The README's bound: work is dispatched only while below MaxTokens, so the overshoot (total − MaxTokens)
        // is at most the tokens of the last dispatched step (total − beforeLast).
        Assert.True(beforeLast < maxTokens, $"the last step was dispatched with {beforeLast} of {maxTokens} tokens spent");
        Assert.True(total >= maxTokens, $"stopped on tokens with {total} of {maxTokens}");
    }
}
