using System.Diagnostics.Metrics;
using GpoPipeline.ServiceDefaults;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// The scheduler's batch and watchdog counters (DESIGN §5; docs/observability.md): ServiceDefaults exports every GpoPipeline.* meter.
/// Steps and run endings are counted by <see cref="RunTelemetry"/>, which every step closing and run ending passes.
/// The meter comes from the host's <see cref="IMeterFactory"/>, so a test can listen to one host's measurements only.
/// </summary>
public sealed class SchedulerMetrics
{
    public const string MeterName = "GpoPipeline.Scheduler";

    /// <summary>A batch answered by a scorer's reply.</summary>
    public const string FromScorer = "scorer";

    /// <summary>A batch whose every answer the store already held: recorded at dispatch, never sent to a scorer.</summary>
    public const string FromMemo = "memo";

    private readonly Counter<long> batchesScored;

    public SchedulerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        batchesScored = meter.CreateCounter<long>(
            "gpo.batches.scored", "{batch}", "Scored batches recorded (duplicates not counted), by source: scorer (a reply) or memo (answered from the store at dispatch).");
        WatchdogFailures = meter.CreateCounter<long>(
            "gpo.watchdog.failures", "{failure}", "Watchdog failures, each counted (the log repeats one at most once per Scheduler:RepeatedFailureLogInterval), by gpo.watchdog.scope: run (re-driving one run) or pass.");
    }

    /// <summary>Every failure of the stalled-run watchdog (StalledRunWatchdog), by gpo.watchdog.scope.</summary>
    public Counter<long> WatchdogFailures { get; }

    /// <param name="source"><see cref="FromScorer"/> or <see cref="FromMemo"/>.</param>
    public void BatchRecorded(string source) =>
        batchesScored.Add(1, new KeyValuePair<string, object?>(GpoAttributes.BatchSource, source));
}
