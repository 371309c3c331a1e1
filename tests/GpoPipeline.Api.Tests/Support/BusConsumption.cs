using System.Collections.Concurrent;
using MassTransit;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// Which receive endpoints have finished consuming a message (its consumers returned or threw), observed on the bus. A
/// spec asserting that a message changed nothing waits for this instead of sleeping and hoping it was handled.
/// </summary>
public sealed class BusConsumption<TMessage> : IConsumeMessageObserver<TMessage>, IDisposable
    where TMessage : class
{
    private readonly ConcurrentQueue<(Guid? MessageId, string Endpoint)> finished = new();
    private readonly ConnectHandle handle;

    public BusConsumption(IBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        handle = bus.ConnectConsumeMessageObserver(this);
    }

    /// <summary>Publishes <paramref name="message"/> and waits until each endpoint whose queue name contains one of
    /// <paramref name="endpoints"/> (e.g. "challenge-decider") has consumed it; at most 30 s.</summary>
    public async Task PublishAndWaitAsync(IBus bus, TMessage message, params string[] endpoints)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var id = NewId.NextGuid();
        await bus.Publish(message, context => context.MessageId = id);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!endpoints.All(e => finished.Any(f => f.MessageId == id && f.Endpoint.Contains(e, StringComparison.Ordinal))))
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"{typeof(TMessage).Name} {id} not consumed by every one of {string.Join(", ", endpoints)} within 30 s; consumed by: {string.Join(", ", finished.Where(f => f.MessageId == id).Select(f => f.Endpoint))}");
            await Task.Delay(20);
        }
    }

    public Task PreConsume(ConsumeContext<TMessage> context) => Task.CompletedTask;

    public Task PostConsume(ConsumeContext<TMessage> context) => Finished(context);

    public Task ConsumeFault(ConsumeContext<TMessage> context, Exception exception) => Finished(context);

    public void Dispose() => handle.Disconnect();

    private Task Finished(ConsumeContext<TMessage> context)
    {
        finished.Enqueue((context.MessageId, context.ReceiveContext.InputAddress.AbsolutePath));
        return Task.CompletedTask;
    }
}
