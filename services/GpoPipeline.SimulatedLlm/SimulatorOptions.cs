using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.SimulatedLlm;

/// <summary>
/// Settings of the simulated LLM (configuration section <c>Simulator</c>). The server reads this object on
/// every request, so tests may change rates between calls.
/// </summary>
public sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Mixed into every hash: same seed and request give the same response.</summary>
    public long Seed { get; set; }

    /// <summary>
    /// Folder(s) laid out as <c>&lt;root&gt;/&lt;benchmark&gt;/&lt;task&gt;/&lt;split&gt;.jsonl</c>, separated by ';'.
    /// Null: the repository's <c>data/</c> folder when one is found.
    /// </summary>
    public string? DataRoot { get; set; }

    /// <summary>Null: no authentication. Otherwise requests need <c>Authorization: Bearer {ApiKey}</c>.</summary>
    public string? ApiKey { get; set; }

    public LatencyOptions TaskLatency { get; set; } = new();

    public LatencyOptions OptimizerLatency { get; set; } = new();

    public LatencyOptions EmbeddingLatency { get; set; } = new();

    public FaultOptions Faults { get; set; } = new();

    /// <summary>A real rate limit per model (off by default): 429 + Retry-After when a request exceeds the quota.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Share of optimizer candidates that change more words than the meta-prompt allows.</summary>
    [Range(0, 1)]
    public double OverBudgetRate { get; set; } = 0.15;

    /// <summary>
    /// Share of optimizer replies to a meta-prompt without a word budget that rewrite the prompt (keep at most one
    /// sentence, compose 3-5 new ones) instead of editing it: what GPO's budget is there to prevent (spec §3.2).
    /// </summary>
    [Range(0, 1)]
    public double UnboundedRewriteRate { get; set; } = 0.5;

    /// <summary>Share of optimizer replies with a missing <c>&lt;END&gt;</c> or empty tags.</summary>
    [Range(0, 1)]
    public double MalformedRate { get; set; } = 0.05;

    /// <summary>
    /// Hidden tokens a reasoning model spends before it answers, counted in the completion and in the request's token
    /// limit: a limit at or under this many leaves no answer (empty content, finish_reason <c>length</c>), as a
    /// reasoning model with too small a MaxOutputTokens answers. 0 (default): none.
    /// </summary>
    [Range(0, 1_000_000)]
    public int ReasoningTokens { get; set; }

    /// <summary>Tests only (not configuration): while this hold is closed, requests wait before they are answered.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RequestHold? Hold { get; set; }

    /// <summary>
    /// Every instruction answers as well as no instruction (the task's base rate): the control plane's specs use it
    /// to produce a challenger that is not really better. Off by default.
    /// </summary>
    public bool FlatQuality { get; set; }

    /// <summary>
    /// What sim-embedding computes: "hashed" (default), a bag-of-words hash of <see cref="EmbeddingDimensions"/>;
    /// "minilm", the all-MiniLM-L6-v2 model shipped with the product (semantic), which `gpo demo` and
    /// `gpo serve --simulated` use. Hashed stays the standalone default: it loads nothing and the pipeline specs'
    /// expected trajectories were recorded with it.
    /// </summary>
    [RegularExpression("^(minilm|hashed)$", ErrorMessage = "EmbeddingModel must be 'minilm' or 'hashed'.")]
    public string EmbeddingModel { get; set; } = "hashed";

    /// <summary>Length of the hashed bag-of-words embedding vectors (EmbeddingModel "hashed").</summary>
    [Range(8, 4096)]
    public int EmbeddingDimensions { get; set; } = 256;
}
