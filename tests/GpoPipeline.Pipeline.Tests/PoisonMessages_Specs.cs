using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.Embedded;
using Xunit.Abstractions;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Issue 13's poison suite: hostile messages straight onto the worker and scheduler queues of the separate-process
/// stack while a run is in progress. Each one is dead-lettered (moved to an _error or _skipped queue with the reason),
/// executed (a stateless scorer cannot know a run's current step: its reply is then judged by the scheduler) or
/// ignored. No process crashes and the run ends exactly as the uninterrupted reference run.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class PoisonMessages_Specs(ReferenceProcessRun reference, ITestOutputHelper output) : IClassFixture<ReferenceProcessRun>
{
    private const int Duplicates = 1_000;
    private static readonly string[] Endpoints = ["score-batch", "batch-scored", "step-started", "direction-retrieved", "candidates-generated", "start-run"];

    [Fact]
    public async Task When_hostile_messages_flood_the_worker_and_scheduler_queues_mid_run_Should_crash_no_process_and_change_no_run()
    {
        await using var cluster = await ProcessCluster.StartAsync(ReferenceProcessRun.Scorers, ReferenceProcessRun.SimulatorSettings, ReferenceProcessRun.WorkerSettings);
        await using var broker = await RawBroker.ConnectAsync();
        var tap = await broker.TapAsync(cluster.ExchangeName<ScoreBatch>(), cluster.ExchangeName<BatchScored>());
        var start = RunSubmission.Create(ReferenceProcessRun.Settings(RepoPaths.Task("bbh", "navigate")));
        await cluster.PublishAsync(start);

        // The templates: real work of step 1 and the real reply to it, copied off the bus.
        var tapped = new List<RawMessage>();
        var (work, reply) = await TemplatesAsync(broker, tap, tapped, start.RunId);
        var poison = PoisonMessages.Generate(work.Envelope!, reply.Envelope!, Duplicates);
        foreach (var message in poison)
        {
            await broker.SendAsync(cluster.QueueName(message.Endpoint), message);
        }

        await cluster.WaitForRunAsync(start.RunId, seconds: 300);
        var (deadLettered, replies) = await SettleAsync(cluster, broker, tap, tapped, poison);
        var executed = replies.Where(r => r.Conversation is { } id && poison.Any(p => p.Id == id)).Select(r => r.Conversation!.Value).ToHashSet();
        var dead = deadLettered.SelectMany(m => m.Ids).ToHashSet();
        var crashed = cluster.Processes.Where(p => p.HasExited).Select(p => p.Name).ToList();
        var result = await ProcessRunResult.ReadAsync(cluster, start.RunId);
        using (var store = new LiteDbRunStore(cluster.StoreFile))
        {
            Assert.Single(await store.ListRunsAsync()); // no message for an unknown run created one
        }

        var table = poison.GroupBy(p => (p.Endpoint, p.Kind, Format: p.Raw ? "raw" : "envelope")).Select(g =>
            $"{g.Key.Endpoint,-21} {g.Key.Kind,-15} {g.Key.Format,-8} sent {g.Count(),5}  dead-lettered {g.Count(p => dead.Contains(p.Id)),5}  " +
            $"executed {g.Count(p => executed.Contains(p.Id)),3}  ignored {g.Count(p => !dead.Contains(p.Id) && !executed.Contains(p.Id)),5}");
        var repliesDead = deadLettered.Count(m => m.Conversation is { } id && executed.Contains(id));
        output.WriteLine(string.Join(Environment.NewLine, table));
        output.WriteLine(
            $"total: sent {poison.Count} ({poison.Count(p => p.Kind != "duplicate")} generated + {Duplicates} duplicates of one valid reply), " +
            $"dead-lettered {poison.Count(p => dead.Contains(p.Id))}, executed {executed.Count} (their replies: {repliesDead} dead-lettered by the scheduler, the rest ignored), " +
            $"ignored {poison.Count(p => !dead.Contains(p.Id) && !executed.Contains(p.Id))}; worker crashes {crashed.Count}");

        Assert.True(poison.Count(p => p.Kind != "duplicate") >= 200);
        Assert.Empty(crashed);
        Assert.All(poison.Where(p => p.Kind is "non-json" or "missing-fields"), p => Assert.Contains(p.Id, dead));
        Assert.All(poison.Where(p => p.Kind == "oversized" || p.Endpoint != "score-batch"), p => Assert.DoesNotContain(p.Id, executed));

        // Nothing forged changed the run: it ends as the uninterrupted run, batch for batch.
        Assert.Equal(RunStatus.Completed, result.Run.Status);
        Assert.Equal(Trajectory(reference.Result.Run), Trajectory(result.Run));
        Assert.Equal(reference.Result.Run.BestTestScore, result.Run.BestTestScore);
        Assert.Equal(Batches(reference.Result), Batches(result));
    }

    private static List<(int, string, int, int, double, int)> Batches(ProcessRunResult result) =>
        [.. result.Scores.Select(s => (s.Step, s.Split, s.CandidateIndex, s.BatchIndex, s.Score, s.Total)).Order()];

    private static List<(int Step, string Prompt, double DevScore, int? EditBudget)> Trajectory(RunRecord run) =>
        [.. run.Trajectory.Select(t => (t.Step, t.Prompt, t.DevScore, t.EditBudget))];

    private static async Task<(RawMessage Work, RawMessage Reply)> TemplatesAsync(RawBroker broker, string tap, List<RawMessage> tapped, Guid runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            tapped.AddRange(await broker.DrainAsync(tap));
            var replies = tapped.Where(m => m.Is<BatchScored>() && Of(m, runId) && m.Message?["step"]?.GetValue<int>() >= 1).ToList();
            foreach (var reply in replies)
            {
                var work = tapped.FirstOrDefault(m => m.Is<ScoreBatch>() && Of(m, runId)
                    && m.Message?["step"]?.GetValue<int>() == reply.Message!["step"]!.GetValue<int>()
                    && m.Message?["batchIndex"]?.GetValue<int>() == reply.Message!["batchIndex"]!.GetValue<int>()
                    && m.Message?["candidateIndex"]?.GetValue<int>() == reply.Message!["candidateIndex"]!.GetValue<int>());
                if (work is not null)
                {
                    return (work, reply);
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No ScoreBatch of step 1 and its reply on the bus within 180 s ({tapped.Count} messages tapped).");
    }

    private static bool Of(RawMessage message, Guid runId) =>
        Guid.TryParse(message.Message?["runId"]?.GetValue<string>(), out var id) && id == runId;

    /// <summary>
    /// Reads the dead-letter queues and the tap until every poison queue is empty and the fates seen stop changing
    /// (5 looks a second apart), within 120 s.
    /// </summary>
    private static async Task<(List<RawMessage> DeadLettered, List<RawMessage> Replies)> SettleAsync(
        ProcessCluster cluster, RawBroker broker, string tap, List<RawMessage> tapped, List<Poison> poison)
    {
        var dead = new List<RawMessage>();
        var ids = poison.Select(p => p.Id).ToHashSet();
        var stable = 0;
        var last = -1;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (stable < 5 && DateTime.UtcNow < deadline)
        {
            foreach (var endpoint in Endpoints)
            {
                dead.AddRange(await broker.DrainAsync(cluster.QueueName(endpoint + "_error")));
                dead.AddRange(await broker.DrainAsync(cluster.QueueName(endpoint + "_skipped")));
            }

            tapped.AddRange(await broker.DrainAsync(tap));
            var waiting = 0u;
            foreach (var endpoint in Endpoints)
            {
                waiting += await broker.ReadyAsync(cluster.QueueName(endpoint));
            }

            var seen = dead.Count(m => m.Ids.Any(ids.Contains)) + tapped.Count(m => m.Conversation is { } id && ids.Contains(id)) + dead.Count;
            stable = waiting == 0 && seen == last ? stable + 1 : 0;
            last = seen;
            await Task.Delay(1000);
        }

        return (dead, [.. tapped.Where(m => m.Is<BatchScored>())]);
    }
}
