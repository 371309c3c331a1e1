using System.Collections.Concurrent;
using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// Watches a control plane's ChampionPromoted publishes: the ones that left, and as many refused as it is told to, each
/// thrown at the publisher as a broker that did not confirm it would be.
/// </summary>
public sealed class ChampionAnnouncementWatch : IPublishObserver
{
    private int refusalsLeft;
    private int refused;

    private ChampionAnnouncementWatch()
    {
    }

    public ConcurrentQueue<ChampionPromoted> Announced { get; } = new();

    public int Refused => Volatile.Read(ref refused);

    public static ChampionAnnouncementWatch On(IBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var watch = new ChampionAnnouncementWatch();
        bus.ConnectPublishObserver(watch);
        return watch;
    }

    /// <summary>Refuses the next <paramref name="count"/> announcements (every one by default).</summary>
    public void Refuse(int count = int.MaxValue) => Volatile.Write(ref refusalsLeft, count);

    public void Allow() => Volatile.Write(ref refusalsLeft, 0);

    /// <summary>Until <paramref name="count"/> were refused (a delivery and its five retries: six); fails after 60 s.</summary>
    public async Task WaitForRefusalsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60); // the delivery and its five retries take about 6 s
        while (Refused < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        // The premise: a retry still to come would announce by itself what the spec expects from something else.
        Assert.True(Refused >= count, $"{Refused} of {count} announcements refused in 60 s");
    }

    Task IPublishObserver.PrePublish<T>(PublishContext<T> context)
    {
        if (context.Message is ChampionPromoted && Interlocked.Decrement(ref refusalsLeft) >= 0)
        {
            Interlocked.Increment(ref refused);
            throw new InvalidOperationException("the broker did not confirm the publish");
        }

        return Task.CompletedTask;
    }

    Task IPublishObserver.PostPublish<T>(PublishContext<T> context)
    {
        if (context.Message is ChampionPromoted promoted)
        {
            Announced.Enqueue(promoted);
        }

        return Task.CompletedTask;
    }

    Task IPublishObserver.PublishFault<T>(PublishContext<T> context, Exception exception) => Task.CompletedTask;
}
