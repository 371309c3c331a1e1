using System.Diagnostics.Metrics;

namespace GpoPipeline.DecayScheduler;

/// <summary>The scheduler's counters (DESIGN §5): ServiceDefaults exports every GpoPipeline.* meter.</summary>
public sealed class SchedulerMetrics : IDisposable
{
    public const string MeterName = "GpoPipeline.Scheduler";
    private readonly Meter _meter = new(MeterName);

    public SchedulerMetrics()
    {
        StepsCompleted = _meter.CreateCounter<long>("gpo.steps.completed", description: "Optimization steps closed (a prompt was picked).");
        BatchesScored = _meter.CreateCounter<long>("gpo.batches.scored", description: "Scored batches recorded (duplicates not counted).");
        RunsFinished = _meter.CreateCounter<long>("gpo.runs.finished", description: "Runs that reached a final status, by status.");
        WatchdogFailures = _meter.CreateCounter<long>(
            "gpo.watchdog.failures", description: "Watchdog failures, each counted (the log repeats one at most once per Scheduler:RepeatedFailureLogInterval), by gpo.watchdog.scope: run (re-driving one run) or pass.");
    }

    public Counter<long> StepsCompleted { get; }

    public Counter<long> BatchesScored { get; }

    public Counter<long> RunsFinished { get; }

    public Counter<long> WatchdogFailures { get; }

    public void Dispose() => _meter.Dispose();
}
