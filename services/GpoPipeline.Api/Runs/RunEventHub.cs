using System.Collections.Concurrent;
using System.Threading.Channels;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Fans a run's bus events out to the SSE streams of this replica that follow it. Each replica receives every
/// event on its own temporary queue (<see cref="RunProgressConsumer"/>), so a client may follow from any replica.
/// </summary>
public sealed class RunEventHub
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<RunEvent>, byte>> followers = new();

    public (ChannelReader<RunEvent> Events, IDisposable Subscription) Follow(Guid runId)
    {
        // Bounded and dropping the oldest: a slow client loses old progress lines, never the server's memory.
        var channel = Channel.CreateBounded<RunEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        followers.GetOrAdd(runId, _ => new()).TryAdd(channel, 0);
        return (channel.Reader, new Unfollow(this, runId, channel));
    }

    public void Publish(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        if (followers.TryGetValue(runEvent.RunId, out var channels))
        {
            foreach (var channel in channels.Keys)
            {
                channel.Writer.TryWrite(runEvent);
            }
        }
    }

    private sealed class Unfollow(RunEventHub hub, Guid runId, Channel<RunEvent> channel) : IDisposable
    {
        public void Dispose()
        {
            if (hub.followers.TryGetValue(runId, out var channels))
            {
                channels.TryRemove(channel, out _);
                if (channels.IsEmpty)
                {
                    hub.followers.TryRemove(runId, out _);
                }
            }
        }
    }
}
