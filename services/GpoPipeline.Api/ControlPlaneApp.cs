using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Dashboard;
using GpoPipeline.Api.Datasets;
using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Serving;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Api.Triggers;
using GpoPipeline.ServiceDefaults;

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

    public static WebApplication MapControlPlane(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = ProblemResponses.HandleAsync,
            // A refusal or an unreadable request is the client's error, answered with a problem: not an error of the
            // server's with a stack trace in its log (the API audit counted 94 such entries in one session's log).
            SuppressDiagnosticsCallback = diagnostics => ProblemResponses.IsClientError(diagnostics.Exception),
        });
        app.UseStatusCodePages();
        app.UseDashboardFiles();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestBodyLimit();
        app.MapDefaultEndpoints();
        app.MapOpenApi().AllowAnonymous();
        app.MapTasksApi();
        app.MapDatasetsApi();
        app.MapRunsApi();
        app.MapChampionsApi();
        app.MapPromptApi();
        app.MapChatProxy();
        app.MapKeysApi();
        app.MapDashboardApi();
        return app;
    }
}
