using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Datasets;
using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Serving;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Api.Triggers;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api;

/// <summary>The control-plane host (DESIGN §6): built here so Program.cs, `gpo serve` and the specs build the same app.</summary>
public static class ControlPlaneApp
{
    /// <param name="settings">Configuration layered over the usual sources (`gpo serve` passes its options here).</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddServiceDefaults("gpo-api");
        builder.AddControlPlane();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapControlPlane();
        return app;
    }

    /// <summary>Installs the configured bootstrap admin key (hashed) before the first request.</summary>
    public static async Task BootstrapAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value;
        if (options.BootstrapAdminKey is { Length: > 0 } key)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>().InstallAsync(key, "bootstrap admin", [ApiScopes.Admin], cancellationToken);
        }
    }

    public static WebApplication MapControlPlane(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ProblemResponses.HandleAsync });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapOpenApi().AllowAnonymous();
        app.MapTasksApi();
        app.MapDatasetsApi();
        app.MapRunsApi();
        app.MapChampionsApi();
        app.MapPromptApi();
        app.MapChatProxy();
        app.MapKeysApi();
        return app;
    }
}
