namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// Something a service must be able to use before it starts (its store, its broker's certificate and login), checked by
/// <see cref="HostStartup.RunCheckedAsync(Microsoft.Extensions.Hosting.IHost)"/> after the settings: a problem ends the
/// process with one line that says what to fix. Left to the host's start, the same failure logged "Hosting failed to
/// start" with a stack trace and aborted the process (exit 134).
/// </summary>
public interface IStartupCheck
{
    /// <returns>What to fix, or null when the service can start.</returns>
    Task<string?> ProblemAsync(CancellationToken cancellationToken);
}
