using System.Diagnostics.Metrics;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// The scheduler's counters (DESIGN §5): ServiceDefaults exports every GpoPipeline.* meter. Run endings are counted by
/// <see cref="RunTelemetry"/>, which every ending passes. The meter comes from the host's <see cref="IMeterFactory"/>,
/// so a test can listen to one host's measurements only.
/// </summary>
public sealed class SchedulerMetrics
{
    public const string MeterName = "GpoPipeline.Scheduler";

    public SchedulerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        StepsCompleted = meter.CreateCounter<long>("gpo.steps.completed", description: "Optimization steps closed (a prompt was picked).");
        BatchesScored = meter.CreateCounter<long>("gpo.batches.scored", description: "Scored batches recorded (duplicates not counted).");
    }

    public Counter<long> StepsCompleted { get; }

    public Counter<long> BatchesScored { get; }
}
