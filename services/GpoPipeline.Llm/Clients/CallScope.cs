namespace GpoPipeline.Llm;

/// <summary>
/// The <see cref="ModelCall"/> travelling through the IChatClient middleware. The library's middleware passes
/// only messages and ChatOptions down; an AsyncLocal carries our context without leaking it into the request
/// body (ChatOptions.AdditionalProperties may be sent to the server) or into span attributes.
/// </summary>
internal sealed class CallScope(ModelCall call, ModelRole role)
{
    private static readonly AsyncLocal<CallScope?> CurrentScope = new();
    private int cacheHits;

    public static CallScope? Current => CurrentScope.Value;

    public ModelCall Call { get; } = call;

    public ModelRole Role { get; } = role;

    /// <summary>Usage of the paid call below the cache; null when everything came from the cache.</summary>
    public CallUsage? PaidUsage { get; set; }

    public int CacheHits => Volatile.Read(ref cacheHits);

    public void CountCacheHit() => Interlocked.Increment(ref cacheHits);

    /// <summary>Makes this scope current for the calling async flow (an async method's changes revert when it returns).</summary>
    public CallScope Enter()
    {
        CurrentScope.Value = this;
        return this;
    }

    public static CallScope Require() => Current ?? throw new InvalidOperationException(
        "A GpoPipeline.Llm client was called without a ModelCall; use ITaskModel, IOptimizerModel or IPromptEmbedder.");
}
