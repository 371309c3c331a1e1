using System.Collections.Concurrent;
using System.Threading.Channels;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Fans a run's bus events out to the SSE streams of this replica that follow it. Each replica receives every
/// event on its own temporary queue (<see cref="RunProgressConsumer"/>), so a client may follow from any replica.
/// The dashboard's runs table follows every run at once (<see cref="FollowAll"/>).
/// </summary>
public sealed class RunEventHub
{
    /// <summary>The key under which the followers of every run are kept (no run has the empty id).</summary>
    private static readonly Guid AllRuns = Guid.Empty;

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<RunEvent>, byte>> followers = new();

    public (ChannelReader<RunEvent> Events, IDisposable Subscription) Follow(Guid runId)
    {
        // Bounded and dropping the oldest: a slow client loses old progress lines, never the server's memory.
        var channel = Channel.CreateBounded<RunEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        followers.GetOrAdd(runId, _ => new()).TryAdd(channel, 0);
        return (channel.Reader, new Unfollow(this, runId, channel));
    }

    /// <summary>Every run's events, as they arrive on this replica.</summary>
    public (ChannelReader<RunEvent> Events, IDisposable Subscription) FollowAll() => Follow(AllRuns);

    public void Publish(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        foreach (var key in new[] { runEvent.RunId, AllRuns })
        {
            if (followers.TryGetValue(key, out var channels))
            {
                foreach (var channel in channels.Keys)
                {
                    channel.Writer.TryWrite(runEvent);
                }
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
