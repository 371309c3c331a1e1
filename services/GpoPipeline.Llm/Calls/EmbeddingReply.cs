namespace GpoPipeline.Llm;

/// <summary>
/// Vectors for the texts of one embedding call, in order, and what the call cost: the paid request's usage with its
/// attempts (retries included), or a cache hit's zero when every text came from the cache.
/// </summary>
public sealed record EmbeddingReply(IReadOnlyList<float[]> Vectors, CallUsage Usage)
{
    public static EmbeddingReply Empty { get; } = new([], CallUsage.None);
}
