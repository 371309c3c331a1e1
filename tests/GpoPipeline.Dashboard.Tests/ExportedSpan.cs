namespace GpoPipeline.Dashboard.Tests;

/// <summary>One span as the dashboard's API returns it (OTLP JSON), with its attributes as strings.</summary>
public sealed record ExportedSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Scope,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<(string TraceId, string SpanId)> Links)
{
    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);

    public bool IsRoot => string.IsNullOrEmpty(ParentSpanId);
}
