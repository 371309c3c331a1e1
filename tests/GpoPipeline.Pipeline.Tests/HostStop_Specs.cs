using GpoPipeline.DecayScheduler;
using GpoPipeline.Testing;
using Xunit.Abstractions;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A scorer process told to stop (SIGTERM: a scale-in, a rollout) while its model calls hang. MassTransit's stop waits
/// for every consumer still at work, and scoring lets a started call run to its answer (not paid twice), so a hung
/// endpoint would hold the process for a call's whole retry chain (Llm:Task:Timeout, 60 s, per attempt, ten retries).
/// The host's shutdown timeout (.NET's HostOptions.ShutdownTimeout, 30 s by default, <c>DOTNET_shutdownTimeoutSeconds</c>)
/// bounds the stop; the batches the process held, never acknowledged, go back to the queue when it exits and another
/// scorer completes the run.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class HostStop_Specs(ITestOutputHelper output)
{
    [Fact]
    public async Task When_a_scorer_is_stopped_while_its_model_calls_hang_Should_exit_within_its_shutdown_timeout_and_leave_its_batches_to_another()
    {
        using var silent = new SilentEndpoint();
        await using var cluster = await ProcessCluster.StartAsync(scorers: 0, workerSettings: new Dictionary<string, string>
        {
            ["DOTNET_shutdownTimeoutSeconds"] = "5", // the host's HostOptions.ShutdownTimeout (30 s by default)
        });
        var hung = cluster.StartScorer(new Dictionary<string, string> { ["Llm__Task__BaseUrl"] = silent.Url });
        for (var i = 0; i < 600 && !hung.LogTail(200).Contains("Bus started", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100); // its queue is bound: the first step's batches reach it
        }

        var start = RunSubmission.Create(PipelineCluster.SmallRun());
        await cluster.PublishAsync(start);
        for (var i = 0; i < 600 && silent.Accepted == 0; i++)
        {
            await Task.Delay(100); // until the scorer's calls are out
        }

        Assert.True(silent.Accepted > 0, $"the scorer never called its endpoint.{cluster.Diagnostics()}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var exited = hung.Stop(TimeSpan.FromSeconds(45));
        output.WriteLine($"scorer with {silent.Accepted} hung calls exited after SIGTERM in {clock.Elapsed.TotalSeconds:0.0} s (shutdown timeout 5 s)");

        Assert.True(exited, $"the scorer still waited for its hung model calls 45 s after SIGTERM (host shutdown timeout 5 s).{Environment.NewLine}{hung.LogTail()}");
        cluster.StartScorer();
        var completed = await cluster.WaitForRunAsync(start.RunId);
        Assert.Equal("completed", completed.Status);
        Assert.Equal(0u, await BrokerQueues.CountAsync(cluster.QueueName("score-batch_error")));
    }
}
