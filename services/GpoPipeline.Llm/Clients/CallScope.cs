namespace GpoPipeline.Llm;

/// <summary>
/// The <see cref="ModelCall"/> travelling through the IChatClient middleware. The library's middleware passes
/// only messages and ChatOptions down; an AsyncLocal carries our context without leaking it into the request
/// body (ChatOptions.AdditionalProperties may be sent to the server) or into span attributes.
/// </summary>
internal sealed class CallScope(ModelCall call, ModelRole role)
{
    private static readonly AsyncLocal<CallScope?> CurrentScope = new();
    private readonly Lock billedGate = new();
    private int cacheHits;
    private int attempts;
    private long billedInput;
    private long billedOutput;
    private int cutOffReplies;
    private long cutOffOutput;

    public static CallScope? Current => CurrentScope.Value;

    public ModelCall Call { get; } = call;

    public ModelRole Role { get; } = role;

    /// <summary>Usage of the paid call below the cache; null when everything came from the cache.</summary>
    public CallUsage? PaidUsage { get; set; }

    public int CacheHits => Volatile.Read(ref cacheHits);

    public void CountCacheHit() => Interlocked.Increment(ref cacheHits);

    /// <summary>HTTP requests sent for this call so far (counted by <see cref="AttemptAccountingPolicy"/>).</summary>
    public int Attempts => Volatile.Read(ref attempts);

    public void CountAttempt() => Interlocked.Increment(ref attempts);

    /// <summary>Usage a failed attempt's response reported (the provider bills it).</summary>
    public void AddBilled(long input, long output)
    {
        lock (billedGate)
        {
            billedInput += input;
            billedOutput += output;
        }
    }

    /// <summary>A 200 whose body was cut off: billed, usage unreadable; the partial text gives its output roughly.</summary>
    public void AddCutOffReply(string partialContent)
    {
        lock (billedGate)
        {
            cutOffReplies++;
            cutOffOutput += TokenCounter.Count(partialContent);
        }
    }

    /// <summary>Tokens billed for failed attempts: reported ones, plus cut-off replies estimated with the prompt's size.</summary>
    /// <param name="promptTokens">Counted only when a reply was cut off (tokenizing every prompt would cost the hot path).</param>
    public (long Input, long Output, bool Estimated) BilledForFailedAttempts(Func<long> promptTokens)
    {
        lock (billedGate)
        {
            var cutOffInput = cutOffReplies == 0 ? 0 : cutOffReplies * promptTokens();
            return (billedInput + cutOffInput, billedOutput + cutOffOutput, cutOffReplies > 0);
        }
    }

    /// <summary>Makes this scope current for the calling async flow (an async method's changes revert when it returns).</summary>
    public CallScope Enter()
    {
        CurrentScope.Value = this;
        return this;
    }

    public static CallScope Require() => Current ?? throw new InvalidOperationException(
        "A GpoPipeline.Llm client was called without a ModelCall; use ITaskModel, IOptimizerModel or IPromptEmbedder.");
}
