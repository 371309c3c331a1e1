using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace GpoPipeline.Llm;

/// <summary>Settings shared by every model role: where the endpoint is, what it costs, how hard to push it.</summary>
public abstract class ModelEndpointOptions : IValidatableObject
{
    /// <summary>The highest price per million tokens a setting takes (the CLI's price options and checks use it too).</summary>
    public const double MaxPricePerMillion = 10_000;

    /// <summary>Any OpenAI-compatible base URL (OpenAI, Azure OpenAI v1, vLLM, Ollama, llama.cpp, the simulator).</summary>
    // [Url] alone also takes ftp://, which no OpenAI-compatible endpoint speaks.
    [Required, Url, RegularExpression("^[Hh][Tt][Tt][Pp][Ss]?://.*", ErrorMessage = "BaseUrl must be an http:// or https:// URL, e.g. https://api.openai.com/v1/.")]
    public string BaseUrl { get; set; } = "https://api.openai.com/v1/";

    public virtual string? Model { get; set; }

    /// <summary>Secret: never logged, never in a span. Falls back to <c>OPENAI_API_KEY</c>.</summary>
    [JsonIgnore]
    public string? ApiKey { get; set; }

    /// <summary>
    /// Names the endpoint in response-cache keys; default the BaseUrl. Set it when one logical endpoint is
    /// reached under changing addresses (the in-process simulator of `gpo demo` gets a new port every start),
    /// so a resumed run still finds the answers it paid for.
    /// </summary>
    public string? CacheScope { get; set; }

    [Range(0.0, 2.0)]
    public double Temperature { get; set; }

    [Range(1, 1_000_000)]
    public int MaxOutputTokens { get; set; } = 256;

    /// <summary>Price in the run's currency (USD by convention) per million input tokens.</summary>
    [Range(0.0, MaxPricePerMillion)]
    public double InputPricePerMillion { get; set; }

    [Range(0.0, MaxPricePerMillion)]
    public double OutputPricePerMillion { get; set; }

    /// <summary>Requests per minute allowed by the endpoint; null means no limit.</summary>
    [Range(1, 10_000_000)]
    public int? RequestsPerMinute { get; set; }

    /// <summary>Tokens (input + max output, as OpenAI counts them) per minute; null means no limit.</summary>
    [Range(1, 1_000_000_000)]
    public int? TokensPerMinute { get; set; }

    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Per attempt; a timed-out attempt is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Ten doublings from 100 ms wait about 100 s in all (with <see cref="RetryMaxDelay"/> 60 s), as long as the
    /// earlier 6 retries from 1 s did, so an outage of a minute or so is still ridden out.
    /// </summary>
    [Range(0, 50)]
    public int MaxRetries { get; set; } = 10;

    /// <summary>
    /// First backoff delay; doubles per retry with jitter, unless the server says Retry-After. Short, because a
    /// caller waiting on a retry holds up everything that waits for it (a batch, a step: issue 13 measured a 1 s
    /// base turning 20 % faults into 13× the run time, and a 100 ms base still 3.4× on a quiet machine against 2.1×
    /// at 25 ms: P7 in tests/BENCHMARKS.md), while overload is handled by the adaptive rate and concurrency window,
    /// which slow down on 429/503 for every caller of the endpoint at once, and Retry-After is always honoured.
    /// </summary>
    /// <remarks>At least 1 ms: at 0 a 500 got its 11 attempts back to back, a burst that helps no overloaded endpoint.</remarks>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Upper bound for any single wait, including a server's Retry-After; at least <see cref="RetryBaseDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>What one setting's range cannot say: the bound on every wait is not below the first wait.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetryMaxDelay < RetryBaseDelay)
        {
            yield return new ValidationResult(
                $"RetryMaxDelay ({RetryMaxDelay}) must be at least RetryBaseDelay ({RetryBaseDelay}).", [nameof(RetryMaxDelay)]);
        }
    }

    public double CostOf(long inputTokens, long outputTokens) =>
        (inputTokens * InputPricePerMillion + outputTokens * OutputPricePerMillion) / 1_000_000d;
}
