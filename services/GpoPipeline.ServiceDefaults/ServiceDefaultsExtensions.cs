using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GpoPipeline.ServiceDefaults;

/// <summary>What every GpoPipeline host calls first: telemetry, health, configuration conventions.</summary>
public static class ServiceDefaultsExtensions
{
    /// <param name="serviceName">Resource service.name; defaults to the application name.</param>
    /// <param name="configureTracing">Extra tracing setup (tests add the in-memory exporter here).</param>
    public static TBuilder AddServiceDefaults<TBuilder>(
        this TBuilder builder,
        string? serviceName = null,
        Action<TracerProviderBuilder>? configureTracing = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = serviceName ?? builder.Environment.ApplicationName;

        // HostStartup says a failed start in one line; the host's own entry would repeat it with a stack trace.
        StartFailureLog.AddTo(builder.Logging);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(name))
            .WithMetrics(metrics => metrics
                .AddMeter(TelemetryNames.Meters)
                .AddHttpClientInstrumentation()
                .AddAspNetCoreInstrumentation())
            .WithTracing(tracing =>
            {
                tracing
                    .AddSource(TelemetryNames.ActivitySources)
                    .AddHttpClientInstrumentation()
                    .AddAspNetCoreInstrumentation(aspNet =>
                        aspNet.Filter = context => !HealthEndpoints.IsHealthPath(context.Request.Path));
                configureTracing?.Invoke(tracing);
            });

        // OTLP only when an endpoint is configured, so a bare `dotnet run` does not try to reach a collector.
        if (builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } endpoint)
        {
            telemetry.UseOtlpExporter();
            builder.Services.AddSingleton(services => new OtlpExportFailureReporter(
                services.GetRequiredService<ILogger<OtlpExportFailureReporter>>(), endpoint));
            builder.Services.AddHostedService(services => services.GetRequiredService<OtlpExportFailureReporter>());
        }

        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag]);
        builder.Services.AddStartupCheck<ListenAddressCheck>();

        return builder;
    }

    /// <summary>Maps /health/live (the process answers and every check tagged "live" passes: a store owner's stores work) and /health/ready (every registered check passes).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthEndpoints.Live, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(HealthEndpoints.LiveTag),
        }).AllowAnonymous(); // hosts with API keys (the control plane) still answer probes without one
        // Ready means able to work now. MassTransit reports a bus that lost its broker (and is reconnecting) as Degraded,
        // which ASP.NET answers with 200 by default: a scorer without a broker would still look ready (issue 13 §4).
        app.MapHealthChecks(HealthEndpoints.Ready, new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return app;
    }
}
