using Microsoft.Extensions.Hosting;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// The embedded host's lifetime is the command's: no ConsoleLifetime, whose SIGINT/SIGTERM handlers would swallow the
/// signal (it cancels the signal and only raises ApplicationStopping). Program.cs turns SIGTERM into a clean stop.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
