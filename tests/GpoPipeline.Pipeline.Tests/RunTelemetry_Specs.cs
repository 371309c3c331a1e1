using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>Issue 14: every way a run ends is told — a gpo.run.completed span linked to the run, and one log at the right level.</summary>
public sealed class RunTelemetry_Specs : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"gpo-telemetry-{Guid.NewGuid():N}.db");
    private readonly LiteDbRunStore _store;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _meters;

    public RunTelemetry_Specs()
    {
        _store = new LiteDbRunStore(_file);
        _meters = _services.GetRequiredService<IMeterFactory>();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RunTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Theory]
    [InlineData(RunStatus.Completed, "completed", LogLevel.Information, "completed:")]
    [InlineData(RunStatus.StoppedBudget, "stopped_budget", LogLevel.Warning, "stopped by budget")]
    [InlineData(RunStatus.Cancelled, "cancelled", LogLevel.Information, "cancelled")]
    [InlineData(RunStatus.Failed, "failed", LogLevel.Error, "failed")]
    public async Task When_a_run_reaches_a_final_status_Should_end_with_a_linked_span_and_one_log_at_its_level(
        RunStatus status, string outcome, LogLevel level, string wording)
    {
        var runTrace = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var run = new RunRecord
        {
            Id = Guid.NewGuid(), Task = "navigate", TotalSteps = 2, CurrentStep = 1, Status = status,
            FailureReason = status == RunStatus.Completed ? null : "the reason",
            CreatedAt = DateTime.UtcNow.AddSeconds(-30), RunTraceParent = $"00-{runTrace.TraceId}-{runTrace.SpanId}-01",
        };
        await _store.AddUsageAsync(new UsageRecord { RunId = run.Id, Step = 1, Role = "task", Calls = 3, CacheHits = 1, InputTokens = 40, OutputTokens = 9, Cost = 0.25 });
        var logs = new ListLogger();
        var telemetry = new RunTelemetry(_store, TimeProvider.System, _meters, logs);

        await telemetry.RunEndedAsync(run, CancellationToken.None);

        var span = Assert.Single(_spans, s => s.OperationName == RunTracing.RunCompleted && Equals(s.GetTagItem("gpo.run.id"), run.Id.ToString()));
        Assert.Equal(default, span.ParentSpanId); // a root of its own
        Assert.Contains(span.Links, link => link.Context.TraceId == runTrace.TraceId && link.Context.SpanId == runTrace.SpanId);
        Assert.Equal(outcome, span.GetTagItem("gpo.run.status"));
        Assert.Equal(3L, span.GetTagItem("gpo.run.calls"));
        Assert.Equal(0.25, span.GetTagItem("gpo.run.cost"));
        Assert.InRange(span.Duration, TimeSpan.FromSeconds(29), TimeSpan.FromHours(1)); // from the run's creation
        Assert.Equal(status == RunStatus.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Unset, span.Status);

        var log = Assert.Single(logs.Records);
        Assert.Equal(level, log.Level);
        Assert.StartsWith($"Run {run.Id} ", log.Message, StringComparison.Ordinal);
        Assert.Contains(wording, log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_run_ends_Should_record_its_duration_and_each_steps_cost_in_the_histograms()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                // This spec's meters only: every host of a spec running beside it records these instruments too.
                if (instrument.Name is "gpo.run.duration" or "gpo.step.cost" && ReferenceEquals(instrument.Meter.Scope, _meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        meters.Start();
        var run = new RunRecord
        {
            Id = Guid.NewGuid(), Task = "navigate", TotalSteps = 2, CurrentStep = 3, Status = RunStatus.Completed,
            CreatedAt = DateTime.UtcNow.AddSeconds(-41),
        };
        await _store.AddUsageAsync(new UsageRecord { RunId = run.Id, Step = 0, Role = "task", Calls = 4, Cost = 0.125 });
        await _store.AddUsageAsync(new UsageRecord { RunId = run.Id, Step = 1, Role = "task", Calls = 4, Cost = 0.5 });
        await _store.AddUsageAsync(new UsageRecord { RunId = run.Id, Step = 1, Role = "optimizer", Calls = 1, Cost = 0.25 });
        var telemetry = new RunTelemetry(_store, TimeProvider.System, _meters, new ListLogger());

        await telemetry.RunEndedAsync(run, CancellationToken.None);

        var duration = Assert.Single(measurements, m => m.Instrument == "gpo.run.duration" && m.Value is >= 41 and < 3600);
        Assert.Contains(duration.Tags, t => Equals(t.Value, "completed"));
        var costs = measurements.Where(m => m.Instrument == "gpo.step.cost" && m.Value is 0.125 or 0.75).OrderBy(m => m.Value).ToList();
        Assert.Equal([0.125, 0.75], costs.Select(m => m.Value));
        Assert.Equal("baseline", costs[0].Tags[GpoPipeline.ServiceDefaults.GpoAttributes.Phase]);
        Assert.Equal("optimize", costs[1].Tags[GpoPipeline.ServiceDefaults.GpoAttributes.Phase]);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
        _store.Dispose();
        File.Delete(_file);
        File.Delete(StoreFileLock.PathFor(_file)); // the store leaves its lock sidecar by design
    }

    private sealed class ListLogger : ILogger<RunTelemetry>
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Records { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Records.Enqueue((logLevel, formatter(state, exception)));
    }
}
