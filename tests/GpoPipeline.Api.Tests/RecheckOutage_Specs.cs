using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tests.Support;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Api.Tests;

/// <summary>A store outage while chat-proxy calls are open is said once, not once per call per re-check interval.</summary>
public sealed class RecheckOutage_Specs
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly List<string> lines = [];

    [Fact]
    public void When_many_rechecks_fail_in_one_outage_Should_warn_once_and_say_when_checks_work_again()
    {
        using var logs = Logs(LogLevel.Information);
        var outage = new RecheckOutage(logs.CreateLogger("watch"));

        // Three open calls, five intervals of an unreadable store.
        Parallel.For(0, 15, _ => outage.Failed(new TimeoutException("store"), Interval));
        outage.Succeeded();
        outage.Succeeded();

        Assert.Single(lines, line => line.Contains("Could not check", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("are checked again.", StringComparison.Ordinal));
    }

    [Fact]
    public void When_a_second_outage_follows_Should_warn_again()
    {
        using var logs = Logs(LogLevel.Information);
        var outage = new RecheckOutage(logs.CreateLogger("watch"));

        outage.Failed(new TimeoutException("store"), Interval);
        outage.Succeeded();
        outage.Failed(new TimeoutException("store"), Interval);
        outage.Failed(new TimeoutException("store"), Interval);

        Assert.Equal(2, lines.Count(line => line.Contains("Could not check", StringComparison.Ordinal)));
    }

    [Fact]
    public void When_checks_always_work_Should_say_nothing()
    {
        using var logs = Logs(LogLevel.Debug);
        var outage = new RecheckOutage(logs.CreateLogger("watch"));

        outage.Succeeded();

        Assert.Empty(lines);
    }

    private ILoggerFactory Logs(LogLevel minimum) =>
        LoggerFactory.Create(logging => logging.SetMinimumLevel(minimum).AddProvider(new ListLoggerProvider(lines)));
}
