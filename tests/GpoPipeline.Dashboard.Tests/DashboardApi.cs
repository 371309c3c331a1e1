using System.Text;
using System.Text.Json;

namespace GpoPipeline.Dashboard.Tests;

/// <summary>
/// Reads what the dashboard holds through its JSON API (`/api/telemetry/spans` and `/logs`, OTLP JSON,
/// enabled by ASPIRE_DASHBOARD_API_ENABLED): what an operator would see, not what the process meant to send.
/// </summary>
public sealed class DashboardApi(Uri dashboard) : IDisposable
{
    private const int Limit = 100_000;
    private readonly HttpClient _http = new() { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(IReadOnlyList<ExportedSpan> Spans, string Text)> SpansAsync()
    {
        using var json = await GetAsync($"api/telemetry/spans?limit={Limit}");
        var spans = new List<ExportedSpan>();
        foreach (var resource in json.RootElement.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                var scopeName = scope.GetProperty("scope").GetProperty("name").GetString() ?? "";
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new ExportedSpan(
                        span.GetProperty("traceId").GetString()!,
                        span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null,
                        span.GetProperty("name").GetString()!,
                        scopeName,
                        Attributes(span),
                        span.TryGetProperty("links", out var links) && links.ValueKind == JsonValueKind.Array
                            ? [.. links.EnumerateArray().Select(l => (l.GetProperty("traceId").GetString()!, l.GetProperty("spanId").GetString()!))]
                            : []));
                }
            }
        }

        return (spans, AllText(json.RootElement));
    }

    public async Task<(IReadOnlyList<ExportedLog> Logs, string Text)> LogsAsync()
    {
        using var json = await GetAsync($"api/telemetry/logs?limit={Limit}");
        var logs = new List<ExportedLog>();
        foreach (var resource in json.RootElement.GetProperty("data").GetProperty("resourceLogs").EnumerateArray())
        {
            foreach (var scope in resource.GetProperty("scopeLogs").EnumerateArray())
            {
                var category = scope.GetProperty("scope").GetProperty("name").GetString() ?? "";
                foreach (var record in scope.GetProperty("logRecords").EnumerateArray())
                {
                    logs.Add(new ExportedLog(
                        record.TryGetProperty("severityText", out var severity) ? severity.GetString() ?? "" : "",
                        category,
                        record.TryGetProperty("body", out var body) ? ValueText(body) : "",
                        Attributes(record)));
                }
            }
        }

        return (logs, AllText(json.RootElement));
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static Dictionary<string, string> Attributes(JsonElement item)
    {
        var attributes = new Dictionary<string, string>();
        if (item.TryGetProperty("attributes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var attribute in list.EnumerateArray())
            {
                attributes[attribute.GetProperty("key").GetString()!] = ValueText(attribute.GetProperty("value"));
            }
        }

        return attributes;
    }

    /// <summary>An OTLP AnyValue ({"stringValue": …}, {"intValue": …}, …) as text.</summary>
    private static string ValueText(JsonElement value)
    {
        foreach (var property in value.EnumerateObject())
        {
            return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return "";
    }

    /// <summary>Every string in the document, unescaped: what a search for leaked text must look through.</summary>
    private static string AllText(JsonElement element)
    {
        var text = new StringBuilder();
        Collect(element, text);
        return text.ToString();
    }

    private static void Collect(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    text.Append(property.Name).Append('\n');
                    Collect(property.Value, text);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, text);
                }

                break;
            case JsonValueKind.String:
                text.Append(element.GetString()).Append('\n');
                break;
            default:
                text.Append(element.GetRawText()).Append('\n');
                break;
        }
    }
}
