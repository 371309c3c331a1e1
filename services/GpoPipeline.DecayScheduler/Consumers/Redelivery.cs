using MassTransit;

namespace GpoPipeline.DecayScheduler.Consumers;

/// <summary>
/// Whether a delivery may repeat one that already changed the run. The scheduler saves a transition and then
/// publishes its work (there is no transactional outbox for the embedded store): when the broker dies between the
/// two, the saved transition makes the redelivered reply stale, and its work would wait for the watchdog.
/// A repeated delivery therefore re-sends the run's pending work (idempotent downstream, memoized at the scheduler).
/// </summary>
public static class Redelivery
{
    public static bool MayRepeat(ConsumeContext context) =>
        context.ReceiveContext.Redelivered || context.GetRetryAttempt() > 0 || context.GetRedeliveryCount() > 0;
}
