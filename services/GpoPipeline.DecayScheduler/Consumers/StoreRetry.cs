using GpoPipeline.ServiceDefaults;
using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

/// <summary>
/// The retry every consumer that writes a store uses: a store or broker that is briefly unavailable is tried again
/// (about 10 s in all) before the message goes to the endpoint's _error queue. A rejected message is never retried.
/// </summary>
public static class StoreRetry
{
    public static void UseStoreRetry(this IReceiveEndpointConfigurator endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.UseMessageRetry(retry =>
        {
            retry.Ignore<RejectedMessageException>();
            retry.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
        });
    }
}
