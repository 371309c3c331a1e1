using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Optimization;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Serving;

/// <summary>
/// OpenAI-compatible POST /v1/chat/completions where <c>model</c> is <c>gpo:&lt;task&gt;</c> (issue 12): the task's
/// champion prompt goes into the last user message at the task's prompt position (the same TaskInput the scorers
/// use, so production sees the prompt exactly as it was measured), the request goes to the task model's endpoint,
/// and the answer — streamed or not — is passed through with <c>X-Gpo-Champion-Version</c>; each answer is counted
/// against the champion version that gave it; an upstream refusal is answered as <see cref="UpstreamRefusal"/> says.
/// Neither the prompt nor the user's text is logged.
/// </summary>
public static class ChatProxy
{
    public const string HttpClientName = "gpo-proxy";
    public const string VersionHeader = "X-Gpo-Champion-Version";
    public const string ModelPrefix = "gpo:";

    public static void MapChatProxy(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/v1/chat/completions", ForwardAsync).WithTags("Serving").RequireAuthorization(ScopePolicies.UseProxy)
            .Accepts<ChatCompletionRequest>("application/json")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json", "text/event-stream"); // the upstream answer, passed through

    public static async Task ForwardAsync(
        HttpContext context, ControlPlaneStore store, ChampionBook champions, ProxyUpstream upstream, IHttpClientFactory clients,
        CallCredentialWatch credentials, IOptions<ControlPlaneOptions> options)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var cancellationToken = context.RequestAborted;
        var body = Parse(await RequestText.ReadAsync(context.Request, options.Value.MaxBodyBytes, cancellationToken));
        var model = body["model"] is JsonValue m && m.TryGetValue<string>(out var name) ? name : null;
        if (model is null || !model.StartsWith(ModelPrefix, StringComparison.Ordinal))
        {
            throw ApiProblemException.Invalid($"Field 'model' must name a task as \"{ModelPrefix}<task>\".");
        }

        var taskName = model[ModelPrefix.Length..];
        if (!TaskAccess.Allows(context.User, taskName))
        {
            throw ApiProblemException.Forbidden($"This key may not call task '{TasksApi.Shorten(taskName)}'.");
        }

        var task = await TasksApi.Find(store, taskName, cancellationToken);
        var champion = await champions.CurrentAsync(task, cancellationToken);
        ApplyChampion(body, champion.Prompt, OptionNames.ParsePosition(task.Settings.PromptPosition));
        if (upstream.BaseUrl is not { } baseUrl || upstream.Model is not { Length: > 0 } upstreamModel)
        {
            throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "Proxy not configured",
                "Set ControlPlane:ProxyBaseUrl and ControlPlane:ProxyModel (or Llm:Task:BaseUrl and Llm:Task:Model) to the task model's endpoint.");
        }

        body["model"] = upstreamModel;
        var stream = body["stream"] is JsonValue s && s.TryGetValue<bool>(out var streaming) && streaming;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "chat/completions"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (upstream.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        // From here the call may last minutes: a key revoked meanwhile ends it (the upstream call too), as it ends an event stream.
        await using var watch = credentials.Start(context.Request, cancellationToken);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, watch.Token);
        }
        catch (OperationCanceledException) when (watch.Lapsed)
        {
            throw Revoked();
        }
        catch (HttpRequestException ex)
        {
            throw new ApiProblemException(StatusCodes.Status502BadGateway, "Upstream unreachable", $"The task model's endpoint did not answer: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiProblemException(StatusCodes.Status504GatewayTimeout, "Upstream timeout", "The task model's endpoint did not answer in time.");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await UpstreamRefusal.DescribeAsync(response, cancellationToken);
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? (stream ? "text/event-stream" : "application/json");
            context.Response.Headers[VersionHeader] = champion.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                await CopyAsync(response, context.Response, stream, watch.Token);
            }
            catch (OperationCanceledException) when (watch.Lapsed)
            {
                if (!context.Response.HasStarted)
                {
                    throw Revoked(); // the upstream's headers came, nothing of ours went out yet
                }

                // The answer has begun (200 and part of the body are out): a clean end would pass for a whole answer,
                // so the connection is reset and the client sees the answer cut off. Not counted as served.
                context.Abort();
                return;
            }
        }

        await store.CountServedAsync(task.Id, champion.Number, CancellationToken.None);
    }

    private static ApiProblemException Revoked() => new(StatusCodes.Status401Unauthorized, "Unauthorized",
        "The API key this call was made with was revoked while the task model was answering; the call was cancelled.");

    private static async Task CopyAsync(HttpResponseMessage from, HttpResponse to, bool stream, CancellationToken cancellationToken)
    {
        await using var source = await from.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await to.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            if (stream)
            {
                await to.Body.FlushAsync(cancellationToken); // pass each chunk on as it comes
            }
        }
    }

    /// <summary>Duplicate fields refused (which one would the proxy read?), and every string valid text.</summary>
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    private static JsonObject Parse(string text)
    {
        try
        {
            var body = JsonNode.Parse(text, documentOptions: StrictJson) as JsonObject
                ?? throw ApiProblemException.BadRequest("The body must be a JSON object (an OpenAI chat completion request).");
            RequireValidText(body);
            return body;
        }
        catch (JsonException ex)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Malformed JSON", ex.Message.ReplaceLineEndings(" "));
        }
        catch (InvalidOperationException)
        {
            throw NotText("a field name"); // the duplicate check decodes every name while parsing
        }
    }

    /// <summary>
    /// A JSON string may escape half of a UTF-16 surrogate pair (<c>"\ud800"</c>): valid JSON, but not text, and reading
    /// it throws wherever the proxy reads it (a 500). Checked once for the whole body, saying where.
    /// </summary>
    private static void RequireValidText(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject fields:
                List<JsonNode?> children;
                try
                {
                    children = [.. fields.Select(field => field.Value)]; // decodes the field names
                }
                catch (InvalidOperationException)
                {
                    throw NotText($"a field name in {fields.GetPath()}");
                }

                children.ForEach(RequireValidText);
                break;
            case JsonArray items:
                foreach (var item in items)
                {
                    RequireValidText(item);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                try
                {
                    _ = value.GetValue<string>();
                }
                catch (InvalidOperationException)
                {
                    throw NotText($"field {value.GetPath()}");
                }

                break;
        }
    }

    private static ApiProblemException NotText(string where) => new(StatusCodes.Status400BadRequest, "Malformed JSON",
        $"The text of {where} holds half of a UTF-16 surrogate pair (an escape like \\ud800 without its pair); strings must be valid Unicode.");

    /// <summary>The champion goes into the last user message, where the scorers put it (spec §4 "Prompt position").</summary>
    private static void ApplyChampion(JsonObject body, string prompt, PromptPosition position)
    {
        if (body["messages"] is not JsonArray messages || messages.Count == 0)
        {
            throw ApiProblemException.Invalid("Field 'messages' must be a non-empty array of chat messages.");
        }

        var last = messages.OfType<JsonObject>().LastOrDefault(x => x["role"] is JsonValue r && r.TryGetValue<string>(out var role) && role == "user");
        if (last?["content"] is not JsonValue content || !content.TryGetValue<string>(out var text))
        {
            throw ApiProblemException.Invalid("Field 'messages' must contain a user message whose 'content' is a string.");
        }

        last["content"] = TaskInput.Build(text, prompt, position);
    }
}
