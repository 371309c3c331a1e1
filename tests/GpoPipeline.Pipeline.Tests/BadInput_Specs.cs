using GpoPipeline.Contracts;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using RabbitMQ.Client;

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
            "empty-dev" => settings with { DataPath = TaskWithEmptyDev() },
            "bad-schedule" => settings with { Schedule = "exponential" },
            _ => settings with { Candidates = 0 },
        };

        var run = await cluster.WaitAsync(await cluster.StartRunAsync(settings));

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
    public async Task When_a_message_keeps_failing_Should_land_in_the_error_queue_and_the_run_should_say_why()
    {
        // A slow optimizer keeps the run busy at step 1 while the poison message fails.
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1, sim =>
            sim.OptimizerLatency = new() { Kind = SimulatedLlm.LatencyKind.Fixed, Milliseconds = 6_000 });
        var runId = await cluster.StartRunAsync(PipelineCluster.SmallRun());
        var run = await cluster.WaitAsync(runId, r => r.Status == RunStatus.Running);

        await cluster.PublishAsync(new ScoreBatch
        {
            RunId = runId, Step = 0, CandidateIndex = 0, BatchIndex = 99, Prompt = run.Settings.InitialPrompt,
            DataPath = run.Settings.DataPath, Task = run.Task, Split = "dev", From = 0, To = 100_000,
        });
        var failed = await cluster.WaitAsync(runId);

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains("ScoreBatch of step 0 failed after retries", failed.FailureReason, StringComparison.Ordinal);
        Assert.Contains("outside the", failed.FailureReason, StringComparison.Ordinal);
        // The fault can be handled before the broker shows the moved message: look again for a few seconds.
        var inError = 0u;
        for (var attempt = 0; attempt < 50 && inError == 0; attempt++)
        {
            inError = await MessagesIn(cluster.QueueName("score-batch_error"));
            await Task.Delay(inError == 0 ? 200 : 0);
        }

        Assert.Equal(1u, inError);
    }

    private static async Task<uint> MessagesIn(string queue)
    {
        var factory = new ConnectionFactory { Uri = RabbitMqBroker.Uri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var declared = await channel.QueueDeclarePassiveAsync(queue);
        return declared.MessageCount;
    }

    private static string TaskWithEmptyDev()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gpo-empty-dev-" + Guid.NewGuid().ToString("N"), "mytask");
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
