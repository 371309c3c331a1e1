using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GpoPipeline.Api.Serving;

/// <summary>
/// What the chat proxy answers when the task model's endpoint does not answer 2xx. A client error of the request
/// (400, 413, 422, 429, …) goes back with the upstream's status and its error message as the detail, and the upstream's
/// OpenAI error object as the problem's <c>error</c> member (what OpenAI clients read). A refusal of the proxy's own
/// setup (401/403/407: the proxy's upstream key; 404: its base URL or model) and any 5xx are the gateway's: 502.
/// </summary>
public static class UpstreamRefusal
{
    private const int MaxBodyChars = 16 * 1024;

    public static async Task<ApiProblemException> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = (int)response.StatusCode;
        var answered = $"The task model's endpoint answered {status} {response.ReasonPhrase}";
        var (message, error) = await ReadErrorAsync(response, cancellationToken);
        var said = message is null ? "." : $": {ProblemResponses.OneLine(message)}";
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.ProxyAuthenticationRequired)
        {
            return Gateway($"{answered}{said} The proxy's upstream key is refused: check ControlPlane:ProxyApiKey (or Llm:Task:ApiKey).");
        }

        if (response.StatusCode is HttpStatusCode.NotFound)
        {
            return Gateway($"{answered}{said} Check ControlPlane:ProxyBaseUrl and ControlPlane:ProxyModel (or Llm:Task:BaseUrl and Llm:Task:Model).");
        }

        if (status is < 400 or >= 500)
        {
            return Gateway(answered + said);
        }

        return new ApiProblemException(status, "Refused by the task model", $"{answered}{said}")
        {
            RetryAfter = response.Headers.RetryAfter?.Delta,
            Extensions = error is null ? null : new Dictionary<string, object?> { ["error"] = error },
        };
    }

    private static ApiProblemException Gateway(string detail) => new(StatusCodes.Status502BadGateway, "Upstream error", detail);

    /// <summary>The upstream's error message (OpenAI's error.message, a problem's detail, or its text) and its OpenAI error object.</summary>
    private static async Task<(string? Message, JsonNode? Error)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            var buffer = new char[MaxBodyChars];
            text = new string(buffer, 0, await reader.ReadBlockAsync(buffer, cancellationToken)).Trim();
        }
        catch (HttpRequestException)
        {
            return (null, null);
        }

        if (text.Length == 0)
        {
            return (null, null);
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject body)
            {
                var error = body["error"];
                var message = error is JsonObject e ? Text(e["message"]) : Text(error);
                var passedOn = error?.DeepClone();
                _ = passedOn?.ToJsonString(); // decodes every string now: half a surrogate pair anywhere in it would throw while the problem is written
                return (message ?? Text(body["detail"]) ?? Text(body["message"]) ?? text, passedOn);
            }
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            // Not JSON, or JSON that cannot be read as text (a duplicate field, half a surrogate pair): passed on as text.
        }

        return (text, null);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
