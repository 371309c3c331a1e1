using Microsoft.Extensions.Hosting;

namespace GpoPipeline.SimulatedLlm;

/// <summary>
/// The simulator as a component stops when its owner disposes it, not on a signal: a console lifetime took Ctrl+C and
/// SIGTERM from the process it was started in (`gpo demo`, `gpo serve --simulated`), which then never heard them.
/// </summary>
internal sealed class OwnerLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
