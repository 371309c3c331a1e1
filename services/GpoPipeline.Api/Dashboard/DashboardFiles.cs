using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace GpoPipeline.Api.Dashboard;

/// <summary>
/// Serves the web dashboard (wwwroot: plain HTML, CSS, ES modules and the vendored Chart.js) from resources embedded
/// in this assembly, so `gpo serve`, the API container and WebApplicationFactory hosts serve the same files whatever
/// their content root. Mounted before authentication: the files hold no data, every API call they make needs a key.
/// </summary>
public static class DashboardFiles
{
    public static WebApplication UseDashboardFiles(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = new EmbeddedFileProvider(typeof(DashboardFiles).Assembly, "GpoPipeline.Api.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Revalidate every time: a newer build must not meet an older cached module.
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
        return app;
    }
}
