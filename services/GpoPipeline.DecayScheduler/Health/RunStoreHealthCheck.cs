using GpoPipeline.Trajectories;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GpoPipeline.DecayScheduler.Health;

/// <summary>
/// Readiness of a store owner (issue 13 §4): ready only while the run store answers a read within
/// <see cref="SchedulerOptions.StoreProbeTimeout"/>. A scheduler whose MongoDB is down cannot record anything, so it must
/// not be sent work; MassTransit's own check covers the broker.
/// </summary>
public sealed class RunStoreHealthCheck(IRunStore store, IOptions<SchedulerOptions> options) : IHealthCheck
{
    public const string Name = "run-store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var timeout = options.Value.StoreProbeTimeout;
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(timeout);
        try
        {
            // WaitAsync as well: a driver still selecting a server may not look at the token.
            await store.GetRunAsync(Guid.Empty, probe.Token).WaitAsync(probe.Token);
            return HealthCheckResult.Healthy("The run store answers.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var why = ex is OperationCanceledException or TimeoutException ? $"did not answer within {timeout.TotalSeconds:0.#} s" : $"failed: {ex.GetType().Name}";
            return HealthCheckResult.Unhealthy($"The run store {why} ({SchedulerOptions.Section}:{nameof(SchedulerOptions.StoreProbeTimeout)}).");
        }
    }
}
