using MassTransit;

namespace GpoPipeline.Llm;

/// <summary>
/// The message retry of every consumer that calls models. The model client has already retried transient
/// failures (with back-off and Retry-After); a redelivery replays the paid replies from the response cache.
/// A spent budget or a configuration error (401/400/404) will not improve with retries, so they go straight on.
/// </summary>
public static class ModelCallRetry
{
    /// <summary>Redeliveries in process after the first delivery (the scheduler's usage bounds allow each to pay: UsageBounds).</summary>
    public const int Retries = 3;

    public static void UseModelCallRetry(this IReceiveEndpointConfigurator endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.UseMessageRetry(retry =>
        {
            retry.Ignore<BudgetExhaustedException>();
            retry.Ignore<ServiceDefaults.RejectedMessageException>();
            retry.Ignore<ModelCallException>(error => !error.IsTransient);
            retry.Exponential(Retries, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(300));
        });
    }
}
