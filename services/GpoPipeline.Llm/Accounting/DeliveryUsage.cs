using Microsoft.Extensions.Caching.Memory;

namespace GpoPipeline.Llm;

/// <summary>
/// The <see cref="DeliveryTally"/> of each message a worker has not replied to yet, by MassTransit message id (the same
/// across the consumer's in-process retries, <see cref="ModelCallRetry"/>, and a broker redelivery to this process).
/// Bounded and expiring: a message that fails for good (its Fault) is never replied to, and its tally goes with time.
/// In memory only: a worker that dies loses it, as it loses its response cache.
/// </summary>
public sealed class DeliveryUsage : IDisposable
{
    /// <summary>Messages kept at most; beyond it the oldest go (their retry then under-reports, as before this tally).</summary>
    public const int MaxMessages = 10_000;

    /// <summary>The consumer's retries take seconds; a tally not touched for this long belongs to a message that failed for good.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    private readonly MemoryCache tallies = new(new MemoryCacheOptions { SizeLimit = MaxMessages });

    /// <summary>The tally of <paramref name="messageId"/>'s deliveries; a fresh one, kept nowhere, without an id.</summary>
    public DeliveryTally For(Guid? messageId) => messageId is { } id
        ? tallies.GetOrCreate(id, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = Idle;
            return new DeliveryTally();
        })!
        : new DeliveryTally();

    /// <summary>The message was replied to with its tally: a later redelivery of it must not report that usage again.</summary>
    public void Forget(Guid? messageId)
    {
        if (messageId is { } id)
        {
            tallies.Remove(id);
        }
    }

    public void Dispose() => tallies.Dispose();
}
