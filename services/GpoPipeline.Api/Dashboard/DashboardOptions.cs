namespace GpoPipeline.Api.Dashboard;

/// <summary>Settings of the operator's web dashboard (section <c>Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// A tracing dashboard's URL for one trace with <c>{traceId}</c> in it (e.g. the Aspire dashboard's
    /// <c>http://localhost:18888/traces/detail/{traceId}</c> or Jaeger's <c>http://localhost:16686/trace/{traceId}</c>);
    /// empty: the run page shows no trace links.
    /// </summary>
    public string? TraceUrlTemplate { get; set; }

    public string? TraceUrl(string? traceId) =>
        string.IsNullOrWhiteSpace(TraceUrlTemplate) || string.IsNullOrEmpty(traceId) ? null : TraceUrlTemplate.Replace("{traceId}", Uri.EscapeDataString(traceId), StringComparison.Ordinal);
}
