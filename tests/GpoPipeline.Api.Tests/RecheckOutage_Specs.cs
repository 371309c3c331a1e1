using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GpoPipeline.Api.Tests;

/// <summary>A store outage while chat-proxy calls are open is said once per reminder, not once per call per re-check interval.</summary>
public sealed class RecheckOutage_Specs
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly List<string> lines = [];
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void When_many_rechecks_fail_in_one_outage_Should_warn_once_and_say_when_checks_work_again()
    {
        using var logs = Logs(LogLevel.Information);
        var outage = new RecheckOutage(logs.CreateLogger("watch"), clock);

        // Three open calls, five intervals of an unreadable store.
        Parallel.For(0, 15, _ => outage.Failed(new TimeoutException("store"), Interval));
        outage.Succeeded();
        outage.Succeeded();

        Assert.Single(lines, line => line.Contains("Could not check", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("are checked again.", StringComparison.Ordinal));
    }

    [Fact]
    public void When_the_store_stays_unreadable_or_fails_again_later_Should_warn_again_after_the_reminder()
    {
        using var logs = Logs(LogLevel.Information);
        var outage = new RecheckOutage(logs.CreateLogger("watch"), clock);

        outage.Failed(new TimeoutException("store"), Interval);
        clock.Advance(RecheckOutage.Reminder - TimeSpan.FromSeconds(1));
        outage.Failed(new TimeoutException("store"), Interval);
        Assert.Single(lines, line => line.Contains("Could not check", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromSeconds(1));
        outage.Failed(new TimeoutException("store"), Interval); // still down
        outage.Succeeded();
        clock.Advance(TimeSpan.FromDays(3));
        outage.Failed(new TimeoutException("store"), Interval); // an outage days later, with no call open in between

        Assert.Equal(3, lines.Count(line => line.Contains("Could not check", StringComparison.Ordinal)));
    }

    [Fact]
    public void When_the_store_flaps_Should_not_say_more_than_once_per_reminder()
    {
        using var logs = Logs(LogLevel.Information);
        var outage = new RecheckOutage(logs.CreateLogger("watch"), clock);

        for (var i = 0; i < 20; i++)
        {
            outage.Failed(new TimeoutException("store"), Interval);
            outage.Succeeded();
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(2, lines.Count); // one warning, one "checked again"
    }

    [Fact]
    public void When_checks_always_work_Should_say_nothing()
    {
        using var logs = Logs(LogLevel.Debug);
        var outage = new RecheckOutage(logs.CreateLogger("watch"), clock);

        outage.Succeeded();

        Assert.Empty(lines);
    }

    private ILoggerFactory Logs(LogLevel minimum) =>
        LoggerFactory.Create(logging => logging.SetMinimumLevel(minimum).AddProvider(new ListLoggerProvider(lines)));
}
