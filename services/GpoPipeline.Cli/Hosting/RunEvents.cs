using System.Threading.Channels;
using GpoPipeline.Contracts;

namespace GpoPipeline.Cli.Hosting;

/// <summary>The events of one submitted run, as the bus delivers them (other runs' events are dropped).</summary>
public sealed class RunEvents(Guid runId)
{
    private readonly Channel<object> events = Channel.CreateUnbounded<object>();

    public Guid RunId => runId;

    public ChannelReader<object> Reader => events.Reader;

    public void Add(Guid eventRunId, object message)
    {
        if (eventRunId == runId)
        {
            events.Writer.TryWrite(message);
        }
    }
}
