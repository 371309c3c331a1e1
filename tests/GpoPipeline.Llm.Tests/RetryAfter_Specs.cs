using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GpoPipeline.Llm.Tests;

/// <summary>
/// A server's Retry-After is honoured up to RetryMaxDelay and no further, as the README says: one
/// <c>Retry-After: 600</c> used to pause every call of the endpoint for 10 to 20 minutes, and <c>retry-after-ms: 1e18</c>
/// threw an OverflowException that turned a transient 429 into a failed run.
/// </summary>
public sealed class RetryAfter_Specs
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData("Retry-After", "600")]
    [InlineData("Retry-After", "1e300")]
    [InlineData("retry-after-ms", "1e18")]
    [InlineData("retry-after-ms", "Infinity")]
    [InlineData("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT")]
    public void When_a_server_asks_for_a_wait_beyond_RetryMaxDelay_Should_read_RetryMaxDelay(string header, string value)
    {
        var refusal = RefusingResponse.Refusal(429, (header, value));

        Assert.Equal(MaxDelay, RetryAfter.From(refusal, new FakeTimeProvider(), MaxDelay));
    }

    [Fact]
    public void When_a_server_asks_for_a_wait_within_RetryMaxDelay_Should_read_it_exactly()
    {
        var refusal = RefusingResponse.Refusal(429, ("retry-after-ms", "1500"));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), RetryAfter.From(refusal, new FakeTimeProvider(), MaxDelay));
    }

    [Theory]
    [InlineData("Retry-After", "600")]
    [InlineData("retry-after-ms", "1e18")]
    public async Task When_a_429_asks_for_an_absurd_wait_Should_pause_the_endpoint_at_most_RetryMaxDelay_and_retry(string header, string value)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z", CultureInfo.InvariantCulture));
        var start = clock.GetUtcNow();
        await using var gate = Gate(clock);
        var attempts = 0;

        var call = gate.ExecuteAsync(_ => ++attempts == 1 ? throw RefusingResponse.Refusal(429, (header, value)) : Task.FromResult("answered"), 0, default);
        while (!call.IsCompleted && clock.GetUtcNow() - start < TimeSpan.FromMinutes(30))
        {
            Assert.True(gate.Rate.PausedUntil <= start + MaxDelay, $"paused until {gate.Rate.PausedUntil:O}, more than RetryMaxDelay after {start:O}");
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(5); // real time for the retry's continuation to run
        }

        Assert.Equal("answered", await call);
        Assert.Equal(2, attempts);
    }

    private static EndpointGate Gate(TimeProvider clock)
    {
        var options = new TaskModelOptions { Model = "sim-task", RetryMaxDelay = MaxDelay };
        var metrics = new LlmMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        return new EndpointGate(ModelRole.Task, options, metrics, NullLogger.Instance, clock);
    }
}
