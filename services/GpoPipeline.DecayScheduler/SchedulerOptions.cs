using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.DecayScheduler;

/// <summary>Section <c>Scheduler</c>: when a run counts as stalled and how often to look.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>A running run with no change and no scored batch for this long is re-driven.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromMinutes(1);
}
