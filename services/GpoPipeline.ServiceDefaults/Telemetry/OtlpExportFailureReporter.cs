using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// The OTLP exporter reports a failed export only on its EventSource, which nobody reads: telemetry was dropped
/// silently. This listener turns the first failure into one warning log naming the endpoint (later failures
/// are not repeated, so a collector that is down does not flood the logs).
/// </summary>
public sealed partial class OtlpExportFailureReporter(ILogger<OtlpExportFailureReporter> logger, string endpoint) : IHostedService, IDisposable
{
    /// <summary>OpenTelemetryProtocolExporterEventSource's name (OpenTelemetry.Exporter.OpenTelemetryProtocol 1.x).</summary>
    public const string ExporterEventSource = "OpenTelemetry-Exporter-OpenTelemetryProtocol";

    private Listener? _listener;
    private int _reported;

    public bool Reported => Volatile.Read(ref _reported) == 1;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener ??= new Listener(this);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener?.Dispose();

    private void OnFailure(EventWrittenEventArgs failure)
    {
        if (Interlocked.Exchange(ref _reported, 1) == 1)
        {
            return;
        }

        // The payload carries whole exception texts: keep each one's first line, so the warning stays one line.
        var detail = failure.Message is { } format && failure.Payload is { } payload
            ? string.Format(CultureInfo.InvariantCulture, format, [.. payload.Select(FirstLine)])
            : failure.EventName ?? "export failed";
        LogExportFailed(endpoint, detail);
    }

    private static string FirstLine(object? value) =>
        Convert.ToString(value, CultureInfo.InvariantCulture)?.Split('\n', 2)[0].Trim() ?? "";

    [LoggerMessage(LogLevel.Warning, "Telemetry export to {Endpoint} (OTEL_EXPORTER_OTLP_ENDPOINT) failed; spans, metrics and logs are being dropped (reported once): {Detail}")]
    private partial void LogExportFailed(string endpoint, string detail);

    private sealed class Listener(OtlpExportFailureReporter reporter) : EventListener
    {
        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == ExporterEventSource)
            {
                EnableEvents(eventSource, EventLevel.Warning);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            // A refused or failed export is a Warning (TransientHttpError) or an Error (ExportMethodException) event.
            if (eventData.Level is EventLevel.Warning or EventLevel.Error or EventLevel.Critical)
            {
                reporter.OnFailure(eventData);
            }
        }
    }
}
