using GpoPipeline.SimulatedLlm.Determinism;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>What is known about one request while it is handled; becomes its log entry at the end.</summary>
public sealed class Exchange
{
    public required long Sequence { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required string Path { get; init; }
    public required string Body { get; init; }
    public string BodyHash => StableHash.Hex(BodyHashValue);
    public ulong BodyHashValue => StableHash.Of(Body);
    public string? Model { get; set; }
    public int N { get; set; } = 1;
    public long? Seed { get; set; }
    public double? Temperature { get; set; }
    public int StatusCode { get; set; }
    public FaultKind Fault { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }

    /// <summary>What the request costs against a tokens/min quota: prompt + max_tokens per choice (or the completion when unbounded).</summary>
    public int QuotaTokens { get; set; }
    public double? RetryAfterSeconds { get; set; }

    public static async Task<Exchange> BeginAsync(HttpContext http, RequestLog log)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        return new Exchange
        {
            Sequence = log.NextSequence(),
            Timestamp = DateTimeOffset.UtcNow,
            Path = http.Request.Path.Value ?? string.Empty,
            Body = body,
        };
    }

    /// <summary>
    /// The frame of every simulated endpoint: read the request, check the API key, run the endpoint's own part,
    /// and log the exchange whatever happened.
    /// </summary>
    public static async Task HandleLoggedAsync(
        HttpContext http, RequestLog log, SimulatorOptions options, Func<HttpContext, Exchange, Task> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var exchange = await BeginAsync(http, log);
        try
        {
            if (await ApiKeyCheck.PassAsync(http, exchange, options))
            {
                await handle(http, exchange);
            }
        }
        finally
        {
            log.Add(exchange.ToRecord());
        }
    }

    public SimulatedRequest ToRecord() => new()
    {
        Sequence = Sequence,
        Timestamp = Timestamp,
        Path = Path,
        Model = Model,
        N = N,
        Seed = Seed,
        Temperature = Temperature,
        BodyHash = BodyHash,
        StatusCode = StatusCode,
        Fault = Fault,
        PromptTokens = PromptTokens,
        CompletionTokens = CompletionTokens,
        RetryAfterSeconds = RetryAfterSeconds,
    };
}
