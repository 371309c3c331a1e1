using System.Diagnostics;
using System.Net;
using System.Reflection;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// The standalone Aspire dashboard (traces, metrics, structured logs) as a child process on loopback ports it binds itself,
/// with its JSON API on (`/api/telemetry/*`). The executable comes from the `Aspire.Dashboard.Sdk.linux-x64`
/// PackageDownload of this project (restored with it); GPO_ASPIRE_DASHBOARD points at another copy.
/// </summary>
public sealed class AspireDashboard : IAsyncDisposable
{
    public const string PathVariable = "GPO_ASPIRE_DASHBOARD";
    private const string AnyLoopbackPort = "http://127.0.0.1:0";
    private static readonly string[] LoggingPrefixes = ["Logging__", "DOTNET_Logging__", "ASPNETCORE_Logging__"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly DashboardOutput _output;

    private DashboardAddresses? _addresses;

    private AspireDashboard(Process process, DashboardOutput output)
    {
        _process = process;
        _output = output;
        // A SIGTERM to gpo runs ProcessExit but not our DisposeAsync: do not leave the dashboard behind.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    /// <summary>The dashboard UI (and its API under /api/telemetry/).</summary>
    public Uri Url => Addresses.Url;

    /// <summary>What OTEL_EXPORTER_OTLP_ENDPOINT is set to (the exporter's default protocol, gRPC).</summary>
    public Uri OtlpGrpcEndpoint => Addresses.OtlpGrpc;

    public Uri OtlpHttpEndpoint => Addresses.OtlpHttp;

    private DashboardAddresses Addresses => _addresses ?? throw new InvalidOperationException("The dashboard has not bound its ports yet.");

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured
            ? configured
            : typeof(AspireDashboard).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "AspireDashboardPath")?.Value ?? "Aspire.Dashboard";

    public static async Task<AspireDashboard> StartAsync(CancellationToken cancellationToken)
    {
        var executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw new UserInputException(
                $"--dashboard: the Aspire dashboard is not at {executable}; restore it with `dotnet restore services/GpoPipeline.Cli` (a PackageDownload of Aspire.Dashboard.Sdk.linux-x64) or set {PathVariable}.");
        }

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        // Port 0: the dashboard binds ports nobody holds and logs them (BoundAddresses reads them back). Picking free
        // ports here and handing them over raced every other process on the machine (CI: exit 102, address in use).
        start.Environment["ASPNETCORE_URLS"] = AnyLoopbackPort;
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = AnyLoopbackPort;
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = AnyLoopbackPort;
        // Loopback only: no login, and the JSON API on (the specs read telemetry through it).
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["ASPIRE_DASHBOARD_API_ENABLED"] = "true";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // The dashboard exports nothing of its own; keep a parent's endpoint from pointing it at itself.
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        // Its ports are read from its log (BoundAddresses): a parent's logging settings (a Warning level, the JSON console
        // formatter) would hide or reshape those lines, so it logs as it does by default.
        foreach (var inherited in start.Environment.Keys.Where(IsLoggingSetting).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["Logging__LogLevel__Aspire.Dashboard"] = "Information";

        var process = Process.Start(start) ?? throw new UserInputException($"--dashboard: could not start {executable}.");
        var output = new DashboardOutput(process);
        var dashboard = new AspireDashboard(process, output);
        try
        {
            await dashboard.WaitUntilAnswersAsync(cancellationToken);
            return dashboard;
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static bool IsLoggingSetting(string variable) =>
        LoggingPrefixes.Any(prefix => variable.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));

    private async Task WaitUntilAnswersAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new UserInputException($"--dashboard: the Aspire dashboard exited with code {_process.ExitCode}: {_output.Tail()}");
            }

            if (!_output.Bound.IsCompleted)
            {
                await Task.Delay(100, cancellationToken);
                continue;
            }

            _addresses = await _output.Bound;
            try
            {
                using var response = await http.GetAsync(new Uri(Url, "api/telemetry/resources"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // one slow answer while it starts
            }

            await Task.Delay(250, cancellationToken);
        }

        var where = _addresses is null ? "(it printed no address it listens on)" : $"on {_addresses.Url}";
        throw new UserInputException($"--dashboard: the Aspire dashboard did not answer {where} within {StartTimeout.TotalSeconds:0} s: {_output.Tail()}");
    }
}
