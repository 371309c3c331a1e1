using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.Api;

/// <summary>Settings of the control plane (section <c>ControlPlane</c>).</summary>
public sealed class ControlPlaneOptions
{
    public const string Section = "ControlPlane";

    /// <summary>
    /// An admin key to install at start (e.g. from a secret in compose); stored hashed, never logged. A start with another
    /// key revokes the one an earlier start installed from here (rotating the setting ends a leaked key).
    /// </summary>
    public string? BootstrapAdminKey { get; set; }

    /// <summary>
    /// The bootstrap key is a session key (`gpo serve` mints one per start): before it is installed, the session keys
    /// of earlier starts are revoked, so at most one is live. Keys issued through /v1/keys and an operator's
    /// bootstrap key (this setting off) are never touched.
    /// </summary>
    public bool BootstrapKeyPerSession { get; set; }

    /// <summary>Where dataset versions are written for the workers to read; empty: beside the embedded store.</summary>
    public string? DataFolder { get; set; }

    /// <summary>Run the four pipeline workers in this process (`gpo serve`).</summary>
    public bool EmbeddedWorkers { get; set; }

    /// <summary>Requests one API key may make per minute (ASP.NET Core's fixed-window limiter, per key).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>The window the per-key limit counts over (zero made every request fail with 500: the limiter refuses it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Largest upload or request body accepted (413 beyond it).</summary>
    [Range(1024, 1L << 31)]
    public long MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Most examples a task's dataset may hold (422 beyond it).</summary>
    [Range(1, 10_000_000)]
    public int MaxExamples { get; set; } = 50_000;

    /// <summary>
    /// Most bytes a task's dataset version may take in the store, as <see cref="Datasets.StoredDatasetSize"/> counts them
    /// (422 beyond it). A version is one document; the default and highest value stay under the document limits of
    /// LiteDB (16,683,050 bytes) and MongoDB (16 MiB).
    /// </summary>
    [Range(1024, Datasets.StoredDatasetSize.MostBytes)]
    public long MaxDatasetBytes { get; set; } = Datasets.StoredDatasetSize.MostBytes;

    /// <summary>
    /// How often the schedule trigger looks for due ticks. Bounded because PeriodicTimer refuses zero and anything above
    /// about 49 days (a bare "60" parses as 60 days), which crashed the host after it started.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ScheduleInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a replica's claim on a schedule tick holds before another replica (or it, restarted) may take the tick
    /// over: a replica that died between claiming a tick and recording it would otherwise lose the tick for ever. Longer
    /// than a claim-to-record ever takes (a submission is a few store writes and a publish); a tick whose replica died
    /// starts up to this late. Zero or negative would let every replica take every tick over at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan TickClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often champion versions whose ChampionPromoted may not have left (the writer died, or the broker refused) are
    /// looked for and announced; a version is left to its writer for this long first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AnnouncementRetryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an open event stream checks again that its key is not revoked (and its stream token not expired).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan StreamRecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Without a RunCompleted/RunFailed after this long, a submitted run no longer blocks its task. Zero or negative would
    /// let a second run of the same task start at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan AbandonedSubmission { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The OpenAI-compatible endpoint the proxy forwards to; empty: Llm:Task:BaseUrl.</summary>
    public string? ProxyBaseUrl { get; set; }

    /// <summary>The model the proxy asks; empty: Llm:Task:Model.</summary>
    public string? ProxyModel { get; set; }

    /// <summary>The key the proxy sends upstream; empty: Llm:Task:ApiKey, then OPENAI_API_KEY.</summary>
    public string? ProxyApiKey { get; set; }
}
