using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A run whose re-drive keeps failing (its store or broker stays broken) is tried at every watchdog pass, a minute
/// apart: it logged the same error at every pass, forever. Now its failure is logged when it starts, when it changes,
/// at most once per Scheduler:RepeatedFailureLogInterval meanwhile, and when it ends; the metric counts every failure.
/// </summary>
public sealed class RepeatedRedriveFailures_Specs
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task When_a_runs_redrive_fails_at_every_pass_Should_log_it_once_per_interval_count_every_failure_and_log_its_recovery()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new LogRecorder();
        FailingRedrives? failures = null;
        await using var harness = await ConsumerHarness.StartAsync(
            bus => bus.AddConsumer<CancelRunConsumer>(),
            new Dictionary<string, string?>
            {
                ["Scheduler:RepeatedFailureLogInterval"] = Interval.ToString(),
                ["Scheduler:WatchdogInterval"] = "01:00:00", // the harness runs the watchdog's own passes too, on the fake clock
            },
            store =>
            {
                (var failing, failures) = FailingRedrives.Around(store);
                return failing;
            },
            services =>
            {
                services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
                services.AddSingleton<ILoggerProvider>(logs);
            });
        using var counted = new CountedFailures(harness.Services.GetRequiredService<SchedulerMetrics>());
        var run = await harness.CreateRunAtStepOneAsync(PipelineCluster.SmallRun());
        run.UpdatedAt = DateTime.UtcNow.AddHours(-2);
        Assert.True(await harness.Store.TryUpdateRunAsync(run));
        failures!.Break(run.Id);
        var watchdog = harness.Services.GetRequiredService<StalledRunWatchdog>();

        for (var pass = 0; pass <= Interval.TotalMinutes; pass++) // 11 passes a minute apart: the first, then 10 minutes on
        {
            Assert.Equal(0, await watchdog.CheckOnceAsync(CancellationToken.None));
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        failures.Repair(run.Id);
        Assert.Equal(1, await watchdog.CheckOnceAsync(CancellationToken.None));

        var entries = logs.Of<StalledRunWatchdog>();
        var errors = entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.Equal(2, errors.Count); // not 11
        Assert.StartsWith($"Re-driving run {run.Id} failed", errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith($"Re-driving run {run.Id} still fails: 11 failed attempts", errors[1].Message, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.IsType<InvalidOperationException>(e.Exception));
        Assert.Single(entries, e => e.Message.Contains("stalled at step", StringComparison.Ordinal)); // not once per failing pass
        Assert.Single(entries, e => e.Level == LogLevel.Information && e.Message.StartsWith($"Re-driving run {run.Id} works again, after 11 failed attempts", StringComparison.Ordinal));
        Assert.Equal(11, counted.Of("run"));
    }

    [Fact]
    public void When_the_failure_changes_Should_be_logged_at_once_and_the_same_failure_only_after_the_interval()
    {
        var failures = new RepeatedFailures<Guid>();
        var run = Guid.NewGuid();
        var start = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        var storeDown = new InvalidOperationException("the store is down");
        var brokerDown = new TimeoutException("the broker does not answer");

        Assert.NotNull(failures.Failed(run, storeDown, start, Interval));
        Assert.Null(failures.Failed(run, storeDown, start.AddMinutes(1), Interval));
        Assert.NotNull(failures.Failed(run, brokerDown, start.AddMinutes(2), Interval)); // changed
        Assert.Null(failures.Failed(run, brokerDown, start.AddMinutes(3), Interval));
        Assert.Null(failures.Failed(run, brokerDown, start.AddMinutes(11), Interval)); // 9 minutes after the change was logged
        Assert.NotNull(failures.Failed(run, brokerDown, start.AddMinutes(12), Interval));
        var ended = failures.Succeeded(run);

        Assert.Equal(6, ended!.Failures);
        Assert.Equal(start, ended.Since);
        Assert.Null(failures.Succeeded(run)); // a success that ends no failure is not a recovery
        Assert.NotNull(failures.Failed(run, brokerDown, start.AddMinutes(13), Interval)); // a new streak: logged at once
    }

    [Fact]
    public void When_what_failed_is_gone_Should_end_its_streak_and_keep_the_others()
    {
        var failures = new RepeatedFailures<Guid>();
        var (gone, kept) = (Guid.NewGuid(), Guid.NewGuid());
        var now = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        failures.Failed(gone, new InvalidOperationException("x"), now, Interval);
        failures.Failed(kept, new InvalidOperationException("x"), now, Interval);

        var ended = failures.EndAllBut(new HashSet<Guid> { kept });

        Assert.Equal(gone, Assert.Single(ended).Key);
        Assert.False(failures.TryGet(gone, out _));
        Assert.True(failures.TryGet(kept, out _));
    }

    /// <summary>The failures the watchdog counts in one harness's <see cref="SchedulerMetrics"/> (not another spec's), by scope.</summary>
    private sealed class CountedFailures : IDisposable
    {
        private readonly ConcurrentQueue<string?> _scopes = new();
        private readonly MeterListener _listener = new();

        public CountedFailures(SchedulerMetrics metrics)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument, metrics.WatchdogFailures))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var scope = tags.ToArray().FirstOrDefault(t => t.Key == "gpo.watchdog.scope").Value as string;
                for (var i = 0; i < value; i++)
                {
                    _scopes.Enqueue(scope);
                }
            });
            _listener.Start();
        }

        public int Of(string scope) => _scopes.Count(s => s == scope);

        public void Dispose() => _listener.Dispose();
    }
}
