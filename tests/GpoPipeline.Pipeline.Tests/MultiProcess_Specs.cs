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
    [Fact]
    public void When_the_dataset_exists_only_on_the_submitters_disk_Should_complete_on_workers_started_in_another_directory()
    {
        Assert.True(reference.DatasetGoneBeforeTheRunStarted);
        Assert.False(reference.WorkingDirectory.StartsWith(RepoPaths.Root, StringComparison.Ordinal));
        Assert.Equal(RunStatus.Completed, reference.Result.Run.Status);
        Assert.Equal(reference.Result.Run.TotalSteps + 1, reference.Result.Run.Trajectory.Count);
        Assert.Equal(reference.Result.Run.DevCount, reference.Result.Scores.Where(s => s.Step == 0).Sum(s => s.Total));
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

    private static List<(int Step, string Prompt, double DevScore, int? EditBudget)> Trajectory(RunRecord run) =>
        [.. run.Trajectory.Select(t => (t.Step, t.Prompt, t.DevScore, t.EditBudget))];
}
