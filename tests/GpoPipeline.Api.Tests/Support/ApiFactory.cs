using System.Net.Http.Headers;
using GpoPipeline.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// The control plane in memory (WebApplicationFactory): its own temp folder for the embedded stores and datasets,
/// the in-memory bus unless a spec asks for RabbitMQ, and a known bootstrap admin key.
/// </summary>
public sealed class ApiFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<ApiEntryPoint>
{
    /// <summary>A well-formed key (gpo_ + 12 hex + secret) installed as admin at start.</summary>
    public const string AdminKey = "gpo_0123456789ab_test-admin-secret-not-for-production-use";

    public string Folder { get; } = Directory.CreateTempSubdirectory("gpo-api-").FullName;

    public List<string> Logs { get; } = [];

    public HttpClient ClientWith(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public HttpClient Admin() => ClientWith(AdminKey);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var defaults = new Dictionary<string, string?>
        {
            ["Store:ConnectionString"] = Path.Combine(Folder, "runs.db"),
            ["Messaging:Transport"] = "InMemory",
            ["ControlPlane:DataFolder"] = Path.Combine(Folder, "datasets"),
            ["ControlPlane:BootstrapAdminKey"] = AdminKey,
            ["ControlPlane:ScheduleInterval"] = "01:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            defaults[key] = value;
        }

        foreach (var (key, value) in defaults)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(new ListLoggerProvider(Logs));
        });
        builder.ConfigureTestServices(s => services?.Invoke(s));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
