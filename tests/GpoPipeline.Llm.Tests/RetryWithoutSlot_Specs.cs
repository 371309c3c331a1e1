using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GpoPipeline.Llm.Tests;

/// <summary>
/// Why 20 % faults once made a run 13× slower (issue 13 point 7): a retry's wait must not keep others waiting.
/// The gate runs on a manual clock, so a backoff lasts until the spec moves time on.
/// </summary>
public sealed class RetryWithoutSlot_Specs
{
    [Fact]
    public async Task When_a_call_waits_to_retry_Should_hold_no_slot_so_other_calls_go_ahead()
    {
        var clock = new FakeTimeProvider();
        await using var gate = Gate(clock, maxConcurrency: 1);
        var attempts = 0;

        var retried = gate.ExecuteAsync(_ => ++attempts == 1 ? throw new HttpRequestException("reset") : Task.FromResult("late"), 0, default);
        var other = gate.ExecuteAsync(_ => Task.FromResult("now"), 0, default);

        Assert.Equal("now", await other);
        Assert.False(retried.IsCompleted);
        Assert.Equal(0, gate.Concurrency.InFlight);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("late", await retried);
    }

    [Fact]
    public async Task When_the_endpoint_answers_503_Should_shrink_the_window_of_that_endpoint()
    {
        await using var llm = await ModelAccessHarness.StartAsync(
            sim => sim.Faults.Rate503 = 1,
            new Dictionary<string, string?> { ["Llm:Task:MaxRetries"] = "0", ["Llm:Task:MaxConcurrency"] = "8" });

        await Assert.ThrowsAsync<ModelCallException>(() =>
            llm.Task.CompleteAsync(ModelAccessHarness.Question("overloaded"), new ModelCall(Guid.NewGuid(), 1), default));

        var gate = ((TaskModel)llm.Task).Gate;
        Assert.Equal(4, gate.Concurrency.Window);
    }

    private static EndpointGate Gate(TimeProvider clock, int maxConcurrency)
    {
        var options = new TaskModelOptions { Model = "sim-task", MaxConcurrency = maxConcurrency };
        var metrics = new LlmMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        return new EndpointGate(ModelRole.Task, options, metrics, NullLogger.Instance, clock);
    }
}
