namespace GpoPipeline.Llm;

/// <summary>What one call (or a sum of calls) consumed.</summary>
/// <param name="Estimated">True when the server sent no usage (or a cut-off body hid it) and tokens were counted locally.</param>
/// <param name="Attempts">HTTP requests sent for this call, retries included (0 for a cache hit).</param>
/// <param name="Failed">The call never got a usable answer; its tokens are what its failed attempts were billed.</param>
public sealed record CallUsage(long InputTokens, long OutputTokens, double Cost, bool Estimated, bool CacheHit, int Attempts = 1, bool Failed = false)
{
    public static CallUsage None { get; } = new(0, 0, 0, false, false, Attempts: 0);

    public long TotalTokens => InputTokens + OutputTokens;

    /// <summary>This call's usage plus tokens billed for its earlier, failed attempts.</summary>
    public CallUsage Plus(long inputTokens, long outputTokens, double cost, bool estimated) =>
        this with
        {
            InputTokens = InputTokens + inputTokens,
            OutputTokens = OutputTokens + outputTokens,
            Cost = Cost + cost,
            Estimated = Estimated || estimated,
        };
}
