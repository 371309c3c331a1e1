using GpoPipeline.SimulatedLlm;
using GpoPipeline.Trajectories;
using Xunit.Abstractions;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// Issue 13: `kill -9` of the embedded `gpo optimize` process five times, at seeded random moments, each followed by
/// `gpo resume`: the store opens after every kill, and the run ends with the trajectory of an uninterrupted run.
/// </summary>
public sealed class KillResume_Specs(ITestOutputHelper output)
{
    private const int Kills = 5;

    private static readonly Dictionary<string, string?> Environment = new(RealEndpoint.Environment)
    {
        ["Scoring__ConcurrentMessageLimit"] = "2", // keeps the work a killed process held small
    };

    [Fact]
    public async Task When_the_embedded_process_is_killed_five_times_and_resumed_Should_end_with_the_uninterrupted_trajectory()
    {
        await using var endpoint = await RealEndpoint.StartAsync();
        endpoint.Server.Options.TaskLatency = new LatencyOptions { Kind = LatencyKind.Fixed, Milliseconds = 15 };
        endpoint.Server.Options.OptimizerLatency = new LatencyOptions { Kind = LatencyKind.Fixed, Milliseconds = 100 };
        using var reference = new TempStore();
        using var killed = new TempStore();

        var whole = await GpoProcess.RunAsync(Environment, Optimize(endpoint, reference.Path));
        Assert.True(whole.ExitCode == 0, whole.Stderr + whole.Stdout);
        var wholeId = RunIdOf(whole.Stdout);
        var paidOnce = PaidCalls(endpoint);

        // The kill moments: five distinct numbers of paid calls, drawn from a fixed seed, before the run's end. The spec
        // waits for that many answered calls (durable progress at the endpoint), never for a time.
        var random = new Random(13);
        var moments = new SortedSet<int>();
        while (moments.Count < Kills)
        {
            moments.Add(paidOnce + random.Next(5, paidOnce - 10));
        }

        Guid? runId = null;
        var kills = 0;
        var statuses = new List<string>();
        var inFlight = new List<long>();
        foreach (var moment in moments)
        {
            await using var gpo = GpoProcess.Start(Environment, runId is { } id ? Resume(id, killed.Path) : Optimize(endpoint, killed.Path));
            if (runId is null)
            {
                runId = RunIdOf(await gpo.WaitForLineAsync("run ") ?? "");
            }

            if (!await ReachedAsync(endpoint, moment, gpo))
            {
                break; // the run finished before this moment: nothing left to interrupt
            }

            await gpo.SignalAsync("KILL");
            var exit = await gpo.WaitForExitAsync();
            Assert.Equal(137, exit.ExitCode);
            kills++;

            // The store opens cleanly after each kill -9 (the OS releases the file lock with the process). What the
            // endpoint answered and the store does not hold was in flight: answered, but not yet recorded, at the kill.
            using var store = killed.Open();
            var run = await store.GetRunAsync(runId.Value);
            Assert.NotNull(run);
            var recorded = (await store.GetUsageAsync(runId.Value)).Sum(u => u.Calls);
            inFlight.Add(PaidCalls(endpoint) - paidOnce - recorded - inFlight.Sum());
            statuses.Add($"{run!.Status} step {run.CurrentStep}");
        }

        var resumed = await GpoProcess.RunAsync(Environment, Resume(runId!.Value, killed.Path));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);

        var expected = await reference.RunAsync(wholeId);
        var actual = await killed.RunAsync(runId.Value);
        Assert.Equal(Kills, kills);
        Assert.Equal(RunStatus.Completed, actual.Status);
        Assert.Equal(Trajectory(expected), Trajectory(actual));
        Assert.Equal(expected.BestTestScore, actual.BestTestScore);

        // Only calls in flight at a kill (answered, not yet recorded) are paid again; recorded work never is. Answers that arrive after the store was read count in the
        // last attempt's unrecorded calls.
        var paidWithKills = PaidCalls(endpoint) - paidOnce;
        var extra = paidWithKills - paidOnce;
        var recordedCalls = (await killed.UsageAsync(runId.Value)).Sum(u => u.Calls);
        var recordedOnce = (await reference.UsageAsync(wholeId)).Sum(u => u.Calls);
        var late = paidWithKills - recordedCalls - inFlight.Sum();
        output.WriteLine(
            $"on the simulator (a test instrument): {kills} kill -9 at paid calls {string.Join(", ", moments.Select(m => m - paidOnce))} " +
            $"(stored state after each: {string.Join("; ", statuses)}); calls in flight at each kill {string.Join(", ", inFlight)} (+{late} answered after the last look); " +
            $"paid calls uninterrupted {paidOnce}, with kills {paidWithKills}: {extra} extra; recorded calls {recordedCalls} (uninterrupted {recordedOnce}); " +
            $"trajectory identical over {actual.Trajectory.Count} entries");
        // Recorded work is never recorded twice. An answer that arrived before a kill but was not recorded is either
        // paid again after the resume (extra) or found in the store's response cache by it (then it counts as a cache
        // hit, not a call): so the recorded calls fall short of an uninterrupted run's by at most the calls in flight.
        Assert.InRange(recordedOnce - recordedCalls, 0, inFlight.Sum() + late);
        Assert.InRange(extra, 0, inFlight.Sum() + late);
    }

    private static string[] Optimize(RealEndpoint endpoint, string store) =>
    [
        "optimize", "--data", Repo.Data("bbh/navigate"), "--steps", "2", "--candidates", "3", "--max-dev", "12", "--max-test", "8", "--seed", "4",
        "--task-model", "sim-task", "--optimizer-model", "sim-optimizer", "--base-url", endpoint.BaseUrl, "--store", store,
    ];

    private static string[] Resume(Guid runId, string store) => ["resume", runId.ToString(), "--store", store];

    private static Guid RunIdOf(string stdout) => Guid.Parse(stdout.Split("run ")[1][..36]);

    private static int PaidCalls(RealEndpoint endpoint) =>
        endpoint.Server.Requests.Snapshot().Count(r => r.StatusCode == 200 && r.Path.StartsWith("/v1/", StringComparison.Ordinal) && r.Path != "/v1/models");

    private static List<(int Step, string Prompt, double DevScore, int? EditBudget)> Trajectory(RunRecord run) =>
        [.. run.Trajectory.Select(t => (t.Step, t.Prompt, t.DevScore, t.EditBudget))];

    /// <summary>Waits until the endpoint has answered <paramref name="paidCalls"/> calls in all; false when the process ended first.</summary>
    private static async Task<bool> ReachedAsync(RealEndpoint endpoint, int paidCalls, GpoProcess gpo)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (PaidCalls(endpoint) >= paidCalls)
            {
                return true;
            }

            if (gpo.HasExited)
            {
                return false;
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"The endpoint did not answer {paidCalls} calls within 3 minutes.\n{gpo.Stdout}");
    }
}
