namespace GpoPipeline.SimulatedLlm;

/// <summary>One request the simulator received, as tests see it in the request log.</summary>
public sealed record SimulatedRequest
{
    public required long Sequence { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required string Path { get; init; }
    public string? Model { get; init; }
    public int N { get; init; } = 1;
    public long? Seed { get; init; }
    public double? Temperature { get; init; }

    /// <summary>FNV-1a 64 of the raw body, hex: equal bodies give equal hashes across processes.</summary>
    public required string BodyHash { get; init; }
    public required int StatusCode { get; init; }
    public FaultKind Fault { get; init; }
    public int PromptTokens { get; init; }
    public int CompletionTokens { get; init; }
    public double? RetryAfterSeconds { get; init; }
}
