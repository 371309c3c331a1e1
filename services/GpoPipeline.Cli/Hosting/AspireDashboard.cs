using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// The standalone Aspire dashboard (traces, metrics, structured logs) as a child process on free loopback ports,
/// with its JSON API on (`/api/telemetry/*`). The executable comes from the `Aspire.Dashboard.Sdk.linux-x64`
/// PackageDownload of this project (restored with it); GPO_ASPIRE_DASHBOARD points at another copy.
/// </summary>
public sealed class AspireDashboard : IAsyncDisposable
{
    public const string PathVariable = "GPO_ASPIRE_DASHBOARD";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly DashboardOutput _output;

    private AspireDashboard(Process process, DashboardOutput output, Uri url, Uri otlpGrpc, Uri otlpHttp)
    {
        _process = process;
        _output = output;
        // A SIGTERM to gpo runs ProcessExit but not our DisposeAsync: do not leave the dashboard behind.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
        Url = url;
        OtlpGrpcEndpoint = otlpGrpc;
        OtlpHttpEndpoint = otlpHttp;
    }

    /// <summary>The dashboard UI (and its API under /api/telemetry/).</summary>
    public Uri Url { get; }

    /// <summary>What OTEL_EXPORTER_OTLP_ENDPOINT is set to (the exporter's default protocol, gRPC).</summary>
    public Uri OtlpGrpcEndpoint { get; }

    public Uri OtlpHttpEndpoint { get; }

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

        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var otlpGrpc = new Uri($"http://127.0.0.1:{FreePort()}");
        var otlpHttp = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(executable)!,
        };
        start.Environment["ASPNETCORE_URLS"] = url.ToString();
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = otlpGrpc.ToString();
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = otlpHttp.ToString();
        // Loopback only: no login, and the JSON API on (the specs read telemetry through it).
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["ASPIRE_DASHBOARD_API_ENABLED"] = "true";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // The dashboard exports nothing of its own; keep a parent's endpoint from pointing it at itself.
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var process = Process.Start(start) ?? throw new UserInputException($"--dashboard: could not start {executable}.");
        var output = new DashboardOutput(process);
        var dashboard = new AspireDashboard(process, output, url, otlpGrpc, otlpHttp);
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

        throw new UserInputException($"--dashboard: the Aspire dashboard did not answer on {Url} within {StartTimeout.TotalSeconds:0} s: {_output.Tail()}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
