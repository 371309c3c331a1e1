using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// How every service host runs: its settings are checked first, then what it must be able to use
/// (<see cref="IStartupCheck"/>: its store file, its broker's certificate); a problem ends the process with the message
/// on stderr and <see cref="InvalidSettings"/>. Left to the host's own start, the same checks logged "Hosting failed to
/// start" with a stack trace, threw it again unhandled and aborted the process (exit 134).
/// </summary>
public static class HostStartup
{
    /// <summary>The exit code of a host that refused its settings (sysexits' EX_CONFIG).</summary>
    public const int InvalidSettings = 78;

    public static async Task<int> RunCheckedAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (await ProblemAsync(host) is { } message)
        {
            return await RefuseAsync(host.Services.GetService<IHostEnvironment>()?.ApplicationName ?? "service", message);
        }

        await host.RunAsync();
        return 0;
    }

    /// <summary>
    /// Builds the host and runs it checked: a setting the build itself refuses (the broker's CA file, read while the
    /// bus is configured; a number that does not parse) ends the process like any other invalid setting.
    /// </summary>
    public static async Task<int> RunCheckedAsync(Func<IHost> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        IHost host;
        try
        {
            host = build();
        }
        catch (Exception ex) when (SettingErrors.Explain(ex) is { } message)
        {
            return await RefuseAsync(System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "service", message);
        }

        using (host)
        {
            return await host.RunCheckedAsync();
        }
    }

    private static async Task<int> RefuseAsync(string service, string message)
    {
        await Console.Error.WriteLineAsync($"{service} cannot start: {message}");
        return InvalidSettings;
    }

    private static Task<string?> ProblemAsync(IHost host) =>
        host.Services.StartupProblemAsync(host.Services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None);

    /// <summary>
    /// Validates the settings as the host's start would (ValidateOnStart), then runs the host's
    /// <see cref="IStartupCheck"/>s in order (for a host that reports problems its own way, like the CLI's). Without the
    /// first, a setting the start refuses (`gpo serve` without models) was logged as "Hosting failed to start" with a
    /// stack trace before the CLI printed its one line.
    /// </summary>
    /// <returns>The first problem, or null.</returns>
    public static async Task<string?> StartupProblemAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (Refusal(services) is { } refused)
        {
            return refused;
        }

        foreach (var check in services.GetServices<IStartupCheck>())
        {
            if (await check.ProblemAsync(cancellationToken) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <returns>Why the settings are refused, or null: the same validation the host runs at start (ValidateOnStart).</returns>
    private static string? Refusal(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (Exception ex) when (SettingErrors.Explain(ex) is { } message)
        {
            return message;
        }
    }
}
