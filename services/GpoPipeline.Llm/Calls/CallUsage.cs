namespace GpoPipeline.Llm;

/// <summary>What one call (or a sum of calls) consumed.</summary>
/// <param name="Estimated">True when the server sent no usage and tokens were counted locally.</param>
public sealed record CallUsage(long InputTokens, long OutputTokens, double Cost, bool Estimated, bool CacheHit)
{
    public static CallUsage None { get; } = new(0, 0, 0, false, false);

    public long TotalTokens => InputTokens + OutputTokens;
}
