using System.Diagnostics;
using GpoPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>Issue 14: a failing OTLP export used to be silent (the exporter reports only on its EventSource).</summary>
public sealed class OtlpExportFailure_Specs
{
    private static readonly ActivitySource Source = new("GpoPipeline.ExportFailureSpec");

    [Fact]
    public async Task When_the_OTLP_endpoint_refuses_every_export_Should_warn_once_naming_the_endpoint()
    {
        using var closed = new ClosedPort();
        var endpoint = $"http://127.0.0.1:{closed.Port}";
        var logs = new CapturedLogs();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
        builder.AddServiceDefaults("export-failure-spec");
        using var host = builder.Build();
        await host.StartAsync();

        var tracing = host.Services.GetRequiredService<TracerProvider>();
        for (var export = 0; export < 3; export++)
        {
            using (Source.StartActivity("gpo.export-failure-spec"))
            {
            }

            tracing.ForceFlush(); // each flush is one failed export
        }

        await host.StopAsync();
        var warnings = logs.Records.Where(r => r.Category.EndsWith(nameof(OtlpExportFailureReporter), StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(endpoint, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning.Message); // one line, no stack trace
    }

    [Fact]
    public void When_no_OTLP_endpoint_is_set_Should_not_listen_for_export_failures()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        builder.AddServiceDefaults("no-export-spec");
        using var host = builder.Build();

        Assert.Null(host.Services.GetService<OtlpExportFailureReporter>());
    }
}
