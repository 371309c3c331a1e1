using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GpoPipeline.Api;
using GpoPipeline.SimulatedLlm;
using GpoPipeline.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.WebDashboard.Tests;

/// <summary>
/// The control plane as `gpo serve` runs it (embedded store, the four workers in process on the in-memory bus) on a
/// real Kestrel port for the browser, with the simulated LLM (a test instrument) as every model. The simulator's
/// RequestHold lets a spec stop a run where it provably cannot finish (to cancel it without racing completion).
/// </summary>
public sealed class DashboardHost : WebApplicationFactory<ApiEntryPoint>
{
    /// <summary>A well-formed key (gpo_ + 12 hex + secret) installed as admin at start.</summary>
    public const string AdminKey = "gpo_0123456789ab_web-dashboard-admin-secret";

    private DashboardHost(SimulatedLlmServer simulator, RequestHold hold)
    {
        Simulator = simulator;
        Hold = hold;
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("gpo-web-").FullName;

    public SimulatedLlmServer Simulator { get; }

    public RequestHold Hold { get; }

    /// <summary>Every log line of the host, at Debug and above.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Where the browser opens the dashboard (the Kestrel port).</summary>
    public Uri Url => ClientOptions.BaseAddress;

    public static async Task<DashboardHost> StartAsync()
    {
        var hold = new RequestHold();
        var simulator = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 7, DataRoot = RepoPaths.Data, Hold = hold });
        var host = new DashboardHost(simulator, hold);
        host.UseKestrel(0);
        host.StartServer();
        return host;
    }

    public HttpClient ClientWith(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient Admin() => ClientWith(AdminKey);

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var model = Simulator.BaseUrl.ToString();
        var settings = new Dictionary<string, string?>
        {
            ["Store:ConnectionString"] = Path.Combine(Folder, "runs.db"),
            ["Messaging:Transport"] = "InMemory",
            ["ControlPlane:DataFolder"] = Path.Combine(Folder, "datasets"),
            ["ControlPlane:BootstrapAdminKey"] = AdminKey,
            ["ControlPlane:ScheduleInterval"] = "01:00:00",
            ["ControlPlane:EmbeddedWorkers"] = "true",
            ["ControlPlane:RequestsPerMinute"] = "100000",
            ["Dashboard:TraceUrlTemplate"] = "http://traces.example/trace/{traceId}",
            ["Llm:Task:BaseUrl"] = model, ["Llm:Task:Model"] = "sim-task", ["Llm:Task:ApiKey"] = "simulated",
            ["Llm:Optimizer:BaseUrl"] = model, ["Llm:Optimizer:Model"] = "sim-optimizer", ["Llm:Optimizer:ApiKey"] = "simulated",
            ["Llm:Embedding:BaseUrl"] = model, ["Llm:Embedding:Model"] = "sim-embedding", ["Llm:Embedding:ApiKey"] = "simulated",
        };
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(new LineLoggerProvider(Logs)));
    }

    public override async ValueTask DisposeAsync()
    {
        Hold.Open();
        await base.DisposeAsync();
        await Simulator.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
