using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// How every service host runs: its settings are checked first, and a missing or invalid one ends the process with the
/// setting's message on stderr and <see cref="InvalidSettings"/>. Left to the host's own start, the same check logged
/// "Hosting failed to start" with a stack trace, threw it again unhandled and aborted the process (exit 134).
/// </summary>
public static class HostStartup
{
    /// <summary>The exit code of a host that refused its settings (sysexits' EX_CONFIG).</summary>
    public const int InvalidSettings = 78;

    public static async Task<int> RunCheckedAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (Refusal(host) is { } message)
        {
            var name = host.Services.GetService<IHostEnvironment>()?.ApplicationName ?? "service";
            await Console.Error.WriteLineAsync($"{name} cannot start: {message}");
            return InvalidSettings;
        }

        await host.RunAsync();
        return 0;
    }

    /// <returns>Why the settings are refused, or null: the same validation the host runs at start (ValidateOnStart).</returns>
    private static string? Refusal(IHost host)
    {
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            return ex.Message;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            return string.Join(Environment.NewLine, ex.InnerExceptions.Select(inner => inner.Message));
        }
    }
}
