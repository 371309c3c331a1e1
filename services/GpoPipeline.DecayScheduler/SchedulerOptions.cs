using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.DecayScheduler;

/// <summary>Section <c>Scheduler</c>: when a run counts as stalled, how often to look, and the size limits of what it accepts.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>A running run with no change and no scored batch for this long is re-driven.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long /health/ready waits for the run store to answer before reporting the host not ready.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StoreProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A failure the watchdog meets at every pass (re-driving one run, or the pass itself, while the store or broker stays
    /// broken) is logged when it starts, when it changes, when it ends, and meanwhile at most once per this interval.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RepeatedFailureLogInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Longest prompt accepted (initial prompt, candidates); a longer candidate is rejected with this limit named.</summary>
    [Range(1, 1_000_000)]
    public int MaxPromptChars { get; set; } = 20_000;

    /// <summary>Longest answer text kept per memoized example (longer answers are cut; their score is kept).</summary>
    [Range(1, 1_000_000)]
    public int MaxAnswerChars { get; set; } = 8_000;

    /// <summary>
    /// Optimizer rounds a step may take when every reply is rejected: the step is granted Candidates × this many calls
    /// (capped by what is left of MaxCalls).
    /// </summary>
    [Range(1, 10)]
    public int GenerationAttempts { get; set; } = 3;

    /// <summary>
    /// Examples per ScoreBatch message: how a step's scoring is cut into messages, fixed for a run when it starts (a
    /// resumed run keeps its own). A pipeline choice, not GPO's: the paper's batch size (RunSettings.BatchSize, the
    /// official code's opt_batch_size) sets the step count and the training minibatch (docs/gpo-spec.md §4), and the
    /// official code scores all of a prompt's examples in one batched call (§8, Parallelism). Each message costs a
    /// publish with a broker confirm, a delivery and a reply: P3 zero-cost measured 7,900-12,200 examples/s at 8 per
    /// message and 13,100-17,700 at 16 (sweeps alternated, tests/BENCHMARKS.md). Smaller messages spread one step over more scorers.
    /// </summary>
    [Range(1, RunSettingsParser.MaxBatchSize)]
    public int ExamplesPerScoreBatch { get; set; } = 16;

    /// <summary>
    /// Score batches one run may have sent and not yet recorded (fair sharing: a big run cannot fill the scorer queue
    /// ahead of a small one). The default is two scorer processes' worth at their default concurrency
    /// (Scoring:ConcurrentMessageLimit 8), so a lone run on one or two scorers is not slowed.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxBatchesInFlightPerRun { get; set; } = 16;

    /// <summary>
    /// Stored bytes of dataset splits the scheduler keeps parsed in memory (least recently used out first; the parsed
    /// examples take about twice that). A split bigger than this is kept alone while it is the most recently read one
    /// (at most this plus that split), and let go when another split is read.
    /// </summary>
    [Range(typeof(long), "1", "1099511627776")]
    public long DatasetCacheBytes { get; set; } = Dispatch.RunDatasets.DefaultCacheBytes;

    /// <summary>
    /// Re-send the pending work of every run the store holds as Running as soon as the scheduler starts, instead of after
    /// <see cref="StallTimeout"/>: for a scheduler whose bus lives in its own process (in-memory transport), where the
    /// work in flight died with the last process. `gpo serve` sets it when it runs the bus in process; the CLI's own
    /// runs leave it off (`gpo resume` continues one when the user asks).
    /// </summary>
    public bool ResumeRunningAtStart { get; set; }
}
