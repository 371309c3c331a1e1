using GpoPipeline.Contracts;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

[Collection(BrokerSpecs.Name)]
public sealed class BadInput_Specs
{
    [Theory]
    [InlineData("missing-dataset", "does not exist")]
    [InlineData("empty-dev", "dev.jsonl: the file has no examples")]
    [InlineData("bad-schedule", "Schedule 'exponential' is not valid; expected one of: none, fixed, linear, cosine")]
    [InlineData("bad-candidates", "Candidates must be between 1 and 64 (got 0)")]
    public async Task When_a_run_is_invalid_Should_be_rejected_with_the_reason_before_any_model_call(string problem, string reason)
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);
        var settings = PipelineCluster.SmallRun();
        settings = problem switch
        {
            "missing-dataset" => settings with { DataPath = Path.Combine(RepoPaths.Data, "bbh", "no_such_task") },
            "empty-dev" => settings with { DataPath = TaskWithEmptyDev(cluster.ScratchFolder) },
            "bad-schedule" => settings with { Schedule = "exponential" },
            _ => settings with { Candidates = 0 },
        };

        // Published bare (no dataset): the scheduler's own check, the last line of defence behind the submitter's.
        var runId = Guid.NewGuid();
        await cluster.PublishAsync(new StartRun { RunId = runId, Settings = settings });
        var run = await cluster.WaitAsync(runId);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.True(run.FailureReason?.Contains(reason, StringComparison.Ordinal), run.FailureReason);
        Assert.Empty(cluster.Simulator.Requests.Snapshot());
    }

    [Fact]
    public async Task When_the_task_model_is_unknown_Should_fail_the_run_naming_the_setting_without_retrying()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1, settings: new Dictionary<string, string?>
        {
            ["Llm:Task:Model"] = "no-such-model",
        });

        var run = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun()));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("no-such-model", run.FailureReason, StringComparison.Ordinal);
        Assert.Contains("Llm:Task:Model", run.FailureReason, StringComparison.Ordinal);
        var requests = cluster.Simulator.Requests.Snapshot();
        Assert.All(requests, r => Assert.Equal(404, r.StatusCode));
        Assert.True(requests.Count <= run.DevCount, $"{requests.Count} requests: a 404 must not be retried");
    }

    [Fact]
    public async Task When_a_ScoreBatch_does_not_add_up_Should_land_in_the_error_queue_and_change_no_run()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1);
        var runId = await cluster.StartRunAsync(PipelineCluster.SmallRun());
        var run = await cluster.WaitAsync(runId, r => r.Steps.Count > 0);
        var batch = await WorkMessages.ScoreBatchAsync(cluster.Store, run, 0, 0, 0);

        // Examples outside [From, To): the worker refuses it before any model call.
        await cluster.PublishAsync(batch with { From = 100, To = 104 });
        var finished = await cluster.WaitAsync(runId);

        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Null(finished.FailureReason);
        Assert.Equal(1u, await BrokerQueues.EventuallyCountAsync(cluster.QueueName("score-batch_error"), 1));
    }

    [Fact]
    public async Task When_the_scorers_refuse_the_runs_own_examples_Should_fail_the_run_naming_the_limit_instead_of_waiting_forever()
    {
        // The scorers' limit below the task's inputs (~300 characters): every ScoreBatch of the run is refused, and
        // sending it again would be refused again. It used to leave the run Running, re-sent by the watchdog forever.
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1, settings: new Dictionary<string, string?>
        {
            ["Limits:MaxExampleChars"] = "100",
        });

        var run = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun()));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("a scorer refused the work of step 0", run.FailureReason, StringComparison.Ordinal);
        Assert.Contains("the limit is 100 (Limits:MaxExampleChars)", run.FailureReason, StringComparison.Ordinal);
        Assert.Empty(cluster.Simulator.Requests.Snapshot());
    }

    [Fact]
    public async Task When_the_retrieval_worker_refuses_a_steps_own_work_Should_fail_the_run_naming_the_limit_instead_of_waiting_forever()
    {
        // Step 2's trajectory has two entries, over the workers' limit of one: retrieval refuses its StepStarted, and
        // would refuse it again when the watchdog sent it again. It used to leave the run Running forever.
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1, settings: new Dictionary<string, string?>
        {
            ["Limits:MaxTrajectoryEntries"] = "1",
        });

        var run = await cluster.WaitAsync(await cluster.StartRunAsync(PipelineCluster.SmallRun()));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("the retrieval worker refused the work of step 2", run.FailureReason, StringComparison.Ordinal);
        Assert.Contains("the limit is 1 (Limits:MaxTrajectoryEntries)", run.FailureReason, StringComparison.Ordinal);
        Assert.Equal(2, run.Trajectory.Count); // steps 0 and 1 were done before
    }

    /// <param name="scratch">A folder removed with the cluster.</param>
    private static string TaskWithEmptyDev(string scratch)
    {
        var folder = Path.Combine(scratch, "empty-dev", "mytask");
        Directory.CreateDirectory(folder);
        var source = RepoPaths.Task("bbh", "navigate");
        foreach (var split in new[] { "train", "test", "format" })
        {
            File.Copy(Path.Combine(source, split + ".jsonl"), Path.Combine(folder, split + ".jsonl"));
        }

        File.WriteAllText(Path.Combine(folder, "dev.jsonl"), string.Empty);
        return folder;
    }
}
