using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// How every service host runs: its settings are checked first, then what it must be able to use
/// (<see cref="IStartupCheck"/>: its store file, its broker's certificate); a problem ends the process with the message
/// on stderr and <see cref="InvalidSettings"/>. Left to the host's own start, the same checks logged "Hosting failed to
/// start" with a stack trace, threw it again unhandled and aborted the process (exit 134). What still fails inside the
/// host's start (a hosted service's StartAsync: the API's bootstrap key against a store that does not answer, a port
/// Kestrel cannot take) ends it the same way, in one line: <see cref="InvalidSettings"/> for a setting,
/// <see cref="Unavailable"/> for anything else; a stop asked for during the start (SIGTERM, Ctrl+C) ends it cleanly.
/// What fails once the host has started is the host's own business, as before.
/// </summary>
public static class HostStartup
{
    /// <summary>The exit code of a host that refused its settings (sysexits' EX_CONFIG).</summary>
    public const int InvalidSettings = 78;

    /// <summary>
    /// The exit code of a host whose start failed otherwise: something it depends on did not answer or refused (a
    /// store, a broker, a database: a timeout, an I/O or socket error). sysexits' EX_UNAVAILABLE, which is also its
    /// catch-all for "something did not work and we do not know why": a start never ends in a stack trace.
    /// </summary>
    public const int Unavailable = 69;

    /// <summary>The exit code of a host stopped (SIGTERM, Ctrl+C) before its start was complete: the same as after it.</summary>
    public const int Stopped = 0;

    public static async Task<int> RunCheckedAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var service = host.Services.GetService<IHostEnvironment>()?.ApplicationName ?? "service";
        // What host.RunAsync() does (start, wait for the stop, dispose), with the start's failures said in one line.
        try
        {
            if (await ProblemAsync(host) is { } message)
            {
                return await RefuseAsync(service, message, InvalidSettings);
            }

            if (await host.StartCheckedAsync(CancellationToken.None) is { } failed)
            {
                return failed.Reason is null ? failed.ExitCode : await RefuseAsync(service, failed.Reason, failed.ExitCode);
            }

            await host.WaitForShutdownAsync();
            if (FailedBackgroundService(host) is { } fault)
            {
                // Its work failed, and the host stopped itself (BackgroundServiceExceptionBehavior.StopHost): not a clean
                // stop. It ended with 0, which a supervisor restarting on failure takes for a service that was done.
                await Console.Error.WriteLineAsync($"{service} stopped: {StartFailureText.Of(fault)}");
                return Unavailable;
            }

            return 0;
        }
        finally
        {
            if (host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
        }
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
            return await RefuseAsync(System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "service", message, InvalidSettings);
        }

        return await host.RunCheckedAsync(); // which disposes it
    }

    /// <summary>
    /// The host's start as <see cref="RunCheckedAsync(IHost)"/> makes it, for a host that says a failure its own way
    /// (`gpo serve`, whose exit codes are the CLI's): the host's own "Hosting failed to start" entry and its stack trace
    /// held back, what did start stopped again, the failure put in one line. A stop asked for during the start (the
    /// host's ApplicationStopping, or <paramref name="cancellationToken"/>, which stops the host) is a start that ended
    /// without a reason.
    /// </summary>
    /// <returns>Null once the host has started; otherwise the exit code a service ends with and the line to print (none for a stop).</returns>
    public static async Task<(int ExitCode, string? Reason)?> StartCheckedAsync(this IHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var stopping = host.Services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        // The token stops the host, as a signal does, rather than cancelling its start: the start's token also cancels
        // the background services already started, which the host then reported as their failure, with a stack trace
        // ("A BackgroundService has thrown an unhandled exception": `gpo serve --broker` giving up on its broker).
        var gate = new Lock();
        Task? stop = null;
        Task Stop()
        {
            lock (gate)
            {
                // Once, whoever asks first; on the pool, so that the start's failure never runs inside the stop's call.
                return stop ??= Task.Run(() => StopAfterFailedStartAsync(host), CancellationToken.None);
            }
        }

        try
        {
            using (cancellationToken.Register(() => _ = Stop()))
            {
                await StartQuietlyAsync(host);
            }
        }
        catch (Exception ex) when (StartFailure(FailedBackgroundService(host) ?? ex, stopping) is var failure)
        {
            await Stop();
            return failure;
        }

        // A BackgroundService that failed while the start ran, after its last look at the start's token: the start ended
        // normally, the host is stopping itself, and the entry saying why was held back with the start's.
        if (FailedBackgroundService(host) is { } failedWork)
        {
            await Stop();
            return StartFailure(failedWork, CancellationToken.None);
        }

        Task? late;
        lock (gate)
        {
            late = stop;
        }

        if (late is null)
        {
            return null;
        }

        // Started just as the token stopped it: a stop all the same.
        await late;
        return (Stopped, null);
    }

    /// <returns>The exit code and the line to print (none for a stop asked for during the start).</returns>
    private static (int ExitCode, string? Reason) StartFailure(Exception exception, CancellationToken stopping) => exception switch
    {
        _ when SettingErrors.Explain(exception) is { } setting => (InvalidSettings, setting),
        // The host's start takes ApplicationStopping: a signal during the start cancels it. A start that timed out
        // (HostOptions.StartupTimeout, an HTTP client's timeout) is not a stop: it is said as a failure below.
        OperationCanceledException when stopping.IsCancellationRequested => (Stopped, null),
        _ => (Unavailable, StartFailureText.Of(exception)),
    };

    /// <summary>
    /// The failure of a BackgroundService whose work already ended in an exception: the host then stops itself
    /// (BackgroundServiceExceptionBehavior.StopHost), which cancels a start still under way as a signal would, and the
    /// host's own "BackgroundService failed" entry is held back with the start's (<see cref="StartFailureLog"/>). Read
    /// first, so that such a start is said as the failure it is, not as a clean stop (exit 0, nothing said).
    /// </summary>
    private static Exception? FailedBackgroundService(IHost host) =>
        host.Services.GetServices<IHostedService>().OfType<BackgroundService>()
            .Select(service => service.ExecuteTask)
            .FirstOrDefault(task => task is { IsFaulted: true })?.Exception?.GetBaseException();

    /// <summary>
    /// Starts the host with its "Hosting failed to start" log entry held back (<see cref="StartFailureLog"/>): the
    /// failure is said once, by the caller, in one line; the entry repeated it with a stack trace.
    /// </summary>
    private static async Task StartQuietlyAsync(IHost host)
    {
        using (StartFailureLog.Hold())
        {
            await host.StartAsync();
        }
    }

    /// <summary>Stops what did start (the bus's connection, a listener) before the host is disposed; a failure to stop says nothing new.</summary>
    private static async Task StopAfterFailedStartAsync(IHost host)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await host.StopAsync(patience.Token);
        }
        catch (Exception ex) when (ex is AggregateException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // The start's failure is what the operator needs; the services that never started may not stop cleanly.
        }
    }

    private static async Task<int> RefuseAsync(string service, string message, int exitCode)
    {
        await Console.Error.WriteLineAsync($"{service} cannot start: {message}");
        return exitCode;
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
