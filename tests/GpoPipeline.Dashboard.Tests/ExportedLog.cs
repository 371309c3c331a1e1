namespace GpoPipeline.Dashboard.Tests;

/// <summary>One structured log record as the dashboard's API returns it.</summary>
public sealed record ExportedLog(string Severity, string Category, string Body, IReadOnlyDictionary<string, string> Attributes)
{
    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);
}
