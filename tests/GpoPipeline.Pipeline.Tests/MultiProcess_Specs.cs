using GpoPipeline.DecayScheduler;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Xunit.Abstractions;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Issue 11's proof: the scheduler, DirectionRetrieval, PromptGeneration, three Scoring processes and the simulator as
/// separate OS processes (<c>dotnet &lt;Service&gt;.dll</c>), the embedded store owned by the scheduler process alone.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class MultiProcess_Specs(ReferenceProcessRun reference, ITestOutputHelper output) : IClassFixture<ReferenceProcessRun>
{
    private const int KilledTimes = 5;

    /// <summary>An example is one answer call and at most one format-forcing second round (BatchScorer, SecondRoundDecision).</summary>
    private const int MaxCallsPerExample = 2;

    private static readonly string[] Workers = ["scoring", "prompt-generation", "direction-retrieval"];

    [Fact]
    public void When_the_dataset_exists_only_on_the_submitters_disk_Should_complete_on_workers_started_in_another_directory()
    {
        Assert.True(reference.DatasetGoneBeforeTheRunStarted);
        Assert.False(reference.WorkingDirectory.StartsWith(RepoPaths.Root, StringComparison.Ordinal));
        Assert.Equal(RunStatus.Completed, reference.Result.Run.Status);
        Assert.Equal(reference.Result.Run.TotalSteps + 1, reference.Result.Run.Trajectory.Count);
        Assert.Equal(reference.Result.Run.DevCount, reference.Result.Scores.Where(s => s.Step == 0).Sum(s => s.Total));
        // Its submitter learns the spend from the event (gpo --distributed prints it): every call the endpoint answered, once.
        Assert.Equal((long)reference.Result.PaidCalls, reference.Completed.Calls);
    }

    [Fact]
    public async Task When_a_scorer_and_the_generation_worker_are_killed_mid_run_Should_end_with_the_uninterrupted_trajectory_and_repay_only_work_in_flight()
    {
        await using var cluster = await ProcessCluster.StartAsync(ReferenceProcessRun.Scorers, ReferenceProcessRun.SimulatorSettings, ReferenceProcessRun.WorkerSettings);
        var start = RunSubmission.Create(ReferenceProcessRun.Settings(RepoPaths.Task("bbh", "navigate")));
        await cluster.PublishAsync(start);

        // Scorer: once step 0's 24 task calls are answered and step 1 is scoring.
        await cluster.WaitForRequestsAsync(log => log.Count(r => r.Model == "sim-task") >= 40);
        var scorer = cluster.Process("scoring");
        scorer.Kill();
        await Task.Delay(TimeSpan.FromSeconds(3));
        cluster.Restart(scorer);

        // Generation: once step 2's direction is retrieved (its embedding call), while its 1.5 s optimizer calls run.
        await cluster.WaitForRequestsAsync(log => log.Count(r => r.Model == "sim-embedding") >= 2);
        await Task.Delay(300);
        var generator = cluster.Process("prompt-generation");
        generator.Kill();
        await Task.Delay(TimeSpan.FromSeconds(3));
        cluster.Restart(generator);

        await cluster.WaitForRunAsync(start.RunId);
        var killed = await ProcessRunResult.ReadAsync(cluster, start.RunId);
        var expected = reference.Result.Run;
        var actual = killed.Run;

        Assert.Equal(RunStatus.Completed, actual.Status);
        Assert.Equal(Trajectory(expected), Trajectory(actual));
        Assert.Equal(expected.BestTestScore, actual.BestTestScore);
        Assert.Equal(expected.InitialTestScore, actual.InitialTestScore);

        // No batch counted twice: one record per (step, split, candidate, batch), and every example of every candidate once.
        Assert.Equal(killed.Scores.Count, killed.Scores.Select(s => (s.Step, s.Split, s.CandidateIndex, s.BatchIndex)).Distinct().Count());
        foreach (var step in actual.Steps)
        {
            var examples = step.Kind == Contracts.StepKind.Test ? actual.TestCount : actual.DevCount;
            Assert.Equal(step.Candidates.Count * examples, killed.Scores.Where(s => s.Step == step.Step).Sum(s => s.Total));
        }

        // Paid twice at most what the killed processes held: the scorer's ScoreBatch messages (limit 2, batches of 4
        // examples, two rounds each) and the generator's optimizer calls of one step (candidates × 3 attempts).
        var extra = killed.PaidCalls - reference.Result.PaidCalls;
        var inFlightBound = (2 * 4 * 2) + (3 * 3);
        output.WriteLine($"paid calls: uninterrupted {reference.Result.PaidCalls}, with two kill -9 {killed.PaidCalls}: {extra} extra (bound {inFlightBound})");
        Assert.InRange(extra, 0, inFlightBound);
    }

    [Fact]
    public async Task When_worker_processes_are_killed_five_times_at_random_moments_Should_end_with_the_uninterrupted_trajectory_and_repay_at_most_the_calls_in_flight()
    {
        var started = DateTime.UtcNow;
        await using var cluster = await ProcessCluster.StartAsync(ReferenceProcessRun.Scorers, ReferenceProcessRun.SimulatorSettings, ReferenceProcessRun.WorkerSettings, observeTraffic: true);
        var traffic = cluster.Traffic!;
        var start = RunSubmission.Create(ReferenceProcessRun.Settings(RepoPaths.Task("bbh", "navigate")));
        await cluster.PublishAsync(start);

        // The moments: five distinct numbers of answered batches (durable: each reply sits in the scheduler's queue
        // until stored), drawn from a fixed seed before the last step's generation (the first 40 % of the batches, so
        // every kill falls inside the run), each followed by a seeded delay of up to half a second; the service killed
        // is drawn from the same seed. A killed worker is restarted at once; the run goes on with the other processes.
        var random = new Random(1313);
        var batches = reference.Result.Scores.Count;
        var moments = new SortedSet<int>();
        while (moments.Count < KilledTimes)
        {
            moments.Add(random.Next(1, (batches * 4 / 10) + 1));
        }

        // Each kind of worker at least once, the other two kills drawn, in a seeded order.
        var victims = new Queue<string>(Workers.Concat([Workers[random.Next(Workers.Length)], Workers[random.Next(Workers.Length)]]).OrderBy(_ => random.Next()));
        var kills = new List<WorkerKill>();
        foreach (var moment in moments)
        {
            var service = victims.Dequeue();
            var delay = random.Next(0, 500);
            await WaitForBatchesAsync(cluster, start.RunId, moment);
            await Task.Delay(delay);
            var process = cluster.LiveProcess(service);
            var open = !cluster.Outcomes.Completed.ContainsKey(start.RunId);
            var answered = traffic.Snapshot(start.RunId);
            process.Kill();
            cluster.Restart(process);
            var unanswered = answered.Unanswered(traffic.Snapshot(start.RunId));
            var (messages, calls) = InFlight(service, unanswered);
            kills.Add(new WorkerKill(service, moment, delay, open, messages, calls));
        }

        await cluster.WaitForRunAsync(start.RunId, seconds: 300);
        var killed = await ProcessRunResult.ReadAsync(cluster, start.RunId);
        var expected = reference.Result.Run;
        var actual = killed.Run;
        var extra = killed.PaidCalls - reference.Result.PaidCalls;
        var bound = kills.Sum(k => k.CallsInFlight);
        output.WriteLine(
            $"on the simulator (a test instrument): {KilledTimes} kill -9 of worker processes: {string.Join("; ", kills)}. " +
            $"Paid calls uninterrupted {reference.Result.PaidCalls}, with the kills {killed.PaidCalls}: {extra} extra, bound {bound} (the calls in flight at the kills); " +
            $"{killed.Scores.Count} batches stored ({reference.Result.Scores.Count} uninterrupted); trajectory identical over {actual.Trajectory.Count} entries; " +
            $"{(DateTime.UtcNow - started).TotalSeconds:0} s with the cluster's start");

        Assert.Equal(KilledTimes, kills.Count);
        Assert.All(kills, k => Assert.True(k.RunStillOpen, $"{k}: the kill fell after the run's end"));
        Assert.Equal(RunStatus.Completed, actual.Status);
        Assert.Equal(Trajectory(expected), Trajectory(actual));
        Assert.Equal(expected.BestTestScore, actual.BestTestScore);
        Assert.Equal(expected.InitialTestScore, actual.InitialTestScore);

        // The store is readable (ReadAsync opened it) and no batch is recorded twice: the same batches as the
        // uninterrupted run, each once.
        var keys = killed.Scores.Select(s => (s.Step, s.Split, s.CandidateIndex, s.BatchIndex, s.Score, s.Total)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(reference.Result.Scores.Select(s => (s.Step, s.Split, s.CandidateIndex, s.BatchIndex, s.Score, s.Total)).Order(), keys.Order());
        Assert.InRange(extra, 0, bound);
    }

    /// <summary>
    /// The work a killed process may have held, from what was dispatched to its service and not answered: a scorer
    /// runs at most Scoring:ConcurrentMessageLimit batches at a time, each example an answer and at most one
    /// format-forcing second round (BatchScorer); a generation message spends at most the MaxCalls the scheduler
    /// reserved for it; a retrieval message at most one embedding call (DirectionService).
    /// </summary>
    private static (int Messages, int Calls) InFlight(string service, InFlightWork unanswered) => service switch
    {
        "scoring" => (unanswered.Scoring.Count, unanswered.Scoring
            .Select(b => b.Examples.Count * MaxCallsPerExample)
            .OrderDescending()
            .Take(int.Parse(ReferenceProcessRun.WorkerSettings["Scoring__ConcurrentMessageLimit"], System.Globalization.CultureInfo.InvariantCulture))
            .Sum()),
        "prompt-generation" => (unanswered.Generation.Count, unanswered.Generation.Sum(d => d.Generation?.MaxCalls ?? 0)),
        "direction-retrieval" => (unanswered.Retrieval.Count, unanswered.Retrieval.Count(s => s.MaxEmbeddingCalls > 0)),
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a worker"),
    };

    private static async Task WaitForBatchesAsync(ProcessCluster cluster, Guid runId, int batches)
    {
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (cluster.Traffic!.BatchesScored(runId) < batches)
        {
            if (cluster.Outcomes.Completed.ContainsKey(runId) || cluster.Outcomes.Failed.ContainsKey(runId) || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Run {runId} ended or stalled with {cluster.Traffic.BatchesScored(runId)} batches answered, before the kill planned after {batches}.{cluster.Diagnostics()}");
            }

            await Task.Delay(20);
        }
    }

    private static List<(int Step, string Prompt, double DevScore, int? EditBudget)> Trajectory(RunRecord run) =>
        [.. run.Trajectory.Select(t => (t.Step, t.Prompt, t.DevScore, t.EditBudget))];
}
