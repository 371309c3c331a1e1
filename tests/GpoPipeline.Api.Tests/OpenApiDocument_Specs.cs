using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using GpoPipeline.Api.Dashboard;
using GpoPipeline.Api.OpenApi;
using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace GpoPipeline.Api.Tests;

/// <summary>/openapi/v1.json says what the API does: who may call, which fields are needed, which problems come back.</summary>
public sealed partial class OpenApiDocument_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new(new Dictionary<string, string?> { ["ControlPlane:RequestsPerMinute"] = "1000" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_the_document_is_read_with_the_OpenAPI_reader_Should_have_no_errors()
    {
        var text = await api.CreateClient().GetStringAsync("/openapi/v1.json");
        var (document, diagnostic) = OpenApiDocument.Parse(text, "json");

        Assert.True(diagnostic is not null && document is not null, "the reader returned no document");
        Assert.Empty(diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => $"{e.Pointer}: {e.Message}"));
        var (_, broken) = OpenApiDocument.Parse(text.Replace("\"info\":", "\"about\":", StringComparison.Ordinal), "json");
        Assert.NotEmpty(broken!.Errors); // the reader does find what is wrong
        var requirements = document.Paths.Values.SelectMany(p => p.Operations!.Values).SelectMany(o => o.Security ?? []).SelectMany(r => r.Keys).ToList();
        Assert.NotEmpty(requirements);
        Assert.All(requirements, scheme => Assert.NotNull(scheme.Target)); // every requirement names a declared scheme
    }

    [Fact]
    public async Task When_a_key_is_sent_as_each_declared_scheme_says_Should_be_let_in()
    {
        var document = await DocumentAsync();
        var schemes = document.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().ToList();

        Assert.Equal(["apiKey", "apiKey", "http"], schemes.Select(s => s.Value.GetProperty("type").GetString()).Order());
        foreach (var (name, scheme) in schemes.Select(s => (s.Name, s.Value)))
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/whoami");
            switch (scheme.GetProperty("type").GetString(), scheme.TryGetProperty("in", out var place) ? place.GetString() : null)
            {
                case ("http", _):
                    Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
                    request.Headers.Authorization = new("Bearer", ApiFactory.AdminKey);
                    break;
                case ("apiKey", "header"):
                    request.Headers.Add(scheme.GetProperty("name").GetString()!, ApiFactory.AdminKey);
                    break;
                case ("apiKey", "query"):
                    // A stream token from the operation the scheme names, on an operation that lists the scheme (no route values to fill in).
                    Assert.Contains("POST /v1/stream-tokens", scheme.GetProperty("description").GetString(), StringComparison.Ordinal);
                    var token = await StreamTokens.IssueAsync(api.Admin());
                    var path = Operations(document).First(o => Requirements(o.Operation).Any(r => r.StartsWith(name + ":", StringComparison.Ordinal)) && !o.Path.Contains('{', StringComparison.Ordinal)).Path;
                    request = new HttpRequestMessage(HttpMethod.Get, $"{path}?{scheme.GetProperty("name").GetString()}={Uri.EscapeDataString(token)}");
                    break;
                default:
                    Assert.Fail($"Scheme {name} is neither a bearer token nor an API key in a header or the query: {scheme}");
                    break;
            }

            using var response = await api.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead); // a stream's answer never ends
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode} from {request.RequestUri}");
        }
    }

    [Fact]
    public async Task When_an_operation_needs_a_key_Should_reference_the_schemes_with_the_scope_its_policy_asks_for()
    {
        var document = await DocumentAsync();

        Assert.Equal(["ApiKey:write", "Bearer:write"], Requirements(Operation(document, "/v1/tasks", "post")));
        Assert.Equal(["ApiKey:write", "Bearer:write"], Requirements(Operation(document, "/v1/tasks/{task}/settings", "put")));
        Assert.Equal(["ApiKey:admin", "Bearer:admin"], Requirements(Operation(document, "/v1/keys", "get")));
        Assert.Equal(["ApiKey:proxy", "ApiKey:read", "Bearer:proxy", "Bearer:read"], Requirements(Operation(document, "/v1/tasks/{task}/prompt", "get")));
        Assert.Equal(["ApiKey:", "Bearer:"], Requirements(Operation(document, "/v1/whoami", "get")));
        Assert.Contains("scope write", Operation(document, "/v1/tasks", "post").GetProperty("description").GetString());
        Assert.All(AllOperations(document), operation => Assert.NotEmpty(Requirements(operation))); // every endpoint here needs a key
    }

    [Fact]
    public async Task When_an_endpoint_allows_anonymous_callers_Should_not_ask_for_a_key()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthorizationBuilder().AddScopePolicies();
        builder.Services.AddControlPlaneOpenApi();
        await using var app = builder.Build();
        app.MapGet("/open/{id}", (string id) => id).AllowAnonymous();
        app.MapGet("/closed", () => "x").RequireAuthorization(ScopePolicies.Read);
        await app.StartAsync();

        // Straight from the generator: over HTTP this app's fallback policy would want the key handler it does not have.
        var generated = await app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
        var document = JsonDocument.Parse(await generated.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1)).RootElement;

        var open = Operation(document, "/open/{id}", "get");
        Assert.False(open.TryGetProperty("security", out _));
        Assert.Equal(["200", "404"], Statuses(open));
        var closed = Operation(document, "/closed", "get");
        Assert.Equal(["ApiKey:read", "Bearer:read"], Requirements(closed));
        Assert.Equal(["200", "401", "403"], Statuses(closed)); // no rate limiter in this app: no 429
    }

    [Fact]
    public async Task When_a_task_is_created_Should_require_only_the_fields_the_validator_needs()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var samples = new Dictionary<string, object> { ["name"] = "minimal", ["scopes"] = new[] { "read" } };

        var task = Required(schemas.GetProperty("CreateTaskRequest"));
        Assert.Equal(["name"], task);
        Assert.True(schemas.GetProperty("CreateTaskRequest").GetProperty("properties").TryGetProperty("initialPrompt", out _));
        var key = Required(schemas.GetProperty("CreateKeyRequest"));
        Assert.DoesNotContain("task", key);

        // The document's required fields are enough, and each of them is needed.
        var admin = api.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/v1/tasks", task.ToDictionary(f => f, f => samples[f]))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/v1/keys", key.ToDictionary(f => f, f => samples[f]))).StatusCode);
        foreach (var (path, fields) in new[] { ("/v1/tasks", task), ("/v1/keys", key) })
        {
            foreach (var left in fields)
            {
                var response = await admin.PostAsJsonAsync(path, fields.Where(f => f != left).ToDictionary(f => f, f => samples[f] is string s ? s + "2" : samples[f]));
                Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{path} without '{left}': {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task When_a_tasks_settings_are_put_Should_take_the_creations_settings_schema_with_no_field_required()
    {
        var document = await DocumentAsync();
        var put = Operation(document, "/v1/tasks/{task}/settings", "put");
        var body = put.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        var settings = document.GetProperty("components").GetProperty("schemas").GetProperty("TaskSettingsRequest");
        var created = document.GetProperty("components").GetProperty("schemas").GetProperty("CreateTaskRequest").GetProperty("properties").GetProperty("settings").ToString();

        Assert.Equal("#/components/schemas/TaskSettingsRequest", body);
        Assert.Contains("#/components/schemas/TaskSettingsRequest", created, StringComparison.Ordinal);
        Assert.Empty(Required(settings)); // RequiredRequestFields has no row for it: every field may be left out
        Assert.Equal("#/components/schemas/TaskResponse", put.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var admin = api.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/v1/tasks", new { name = "settings" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/v1/tasks/settings/settings", new { })).StatusCode);
    }

    [Fact]
    public async Task When_a_task_is_read_Should_carry_every_field_its_response_schema_declares_required()
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");
        var admin = api.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/v1/tasks", new { name = "shape" })).StatusCode);
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var task = (await store.GetTaskAsync("shape"))!;
        task.LastTrigger = TriggerOutcome.Skipped("schedule (2026-12-04T03:00Z)", DateTime.UtcNow, "Task 'shape' has no data yet");
        Assert.True(await store.TryUpdateTaskAsync(task));

        var body = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/shape");

        foreach (var (schema, value) in new[] { ("TaskResponse", body), ("TaskPolicy", body.GetProperty("policy")), ("TriggerOutcome", body.GetProperty("lastTrigger")) })
        {
            var declared = schemas.GetProperty(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order().ToList();
            Assert.Equal(declared, Required(schemas.GetProperty(schema)).Order());
            Assert.Equal(declared, value.EnumerateObject().Select(p => p.Name).Order());
        }
    }

    [Theory]
    [InlineData("DecisionResponse", "championScore", "0–1")]
    [InlineData("DecisionResponse", "challengerScore", "0–1")]
    [InlineData("ChampionVersionResponse", "heldOutScore", "0–1")]
    [InlineData("TaskPolicy", "minimumEffect", "score points (0–100")]
    [InlineData("TaskPolicy", "scoreDropThreshold", "score points (0–100")]
    [InlineData("TaskPolicyRequest", "scoreDropThreshold", "score points (0–100")]
    public async Task When_a_field_holds_a_score_or_a_score_threshold_Should_describe_its_scale(string schema, string field, string scale)
    {
        var schemas = (await DocumentAsync()).GetProperty("components").GetProperty("schemas");

        var description = schemas.GetProperty(schema).GetProperty("properties").GetProperty(field).GetProperty("description").GetString();

        Assert.Contains(scale, description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_an_operation_can_be_refused_Should_document_each_problem_it_can_answer()
    {
        var document = await DocumentAsync();

        Assert.Equal(["200", "401", "403", "404", "429"], Statuses(Operation(document, "/v1/tasks/{task}", "get")));
        Assert.Equal(["201", "400", "401", "403", "422", "429"], Statuses(Operation(document, "/v1/tasks", "post")));
        Assert.Equal(["200", "400", "401", "403", "404", "422", "429"], Statuses(Operation(document, "/v1/tasks/{task}/settings", "put")));
        Assert.Equal(["200", "400", "401", "403", "422", "429"], Statuses(Operation(document, "/v1/runs", "get")));
        Assert.Equal(["200", "401", "429"], Statuses(Operation(document, "/v1/whoami", "get"))); // any valid key: never 403
        var notFound = Operation(document, "/v1/tasks/{task}", "get").GetProperty("responses").GetProperty("404").GetProperty("content");
        Assert.Equal("#/components/schemas/ProblemDetails", notFound.GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ProblemDetails", out _));
        await Problems.AssertProblemAsync(await api.Admin().GetAsync("/v1/tasks/none-such"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task When_the_chat_proxy_is_described_Should_show_its_request_body_with_model_and_messages_required()
    {
        // The proxy reads the raw body (it forwards every field), so the generator saw no request body at all.
        var document = await DocumentAsync();
        var post = document.GetProperty("paths").GetProperty("/v1/chat/completions").GetProperty("post");

        var reference = post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference[(reference.LastIndexOf('/') + 1)..]);
        Assert.Equal(["messages", "model"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));
        Assert.True(schema.GetProperty("properties").TryGetProperty("stream", out _));
        Assert.True(post.GetProperty("responses").GetProperty("200").TryGetProperty("content", out var answers), post.GetProperty("responses").ToString());
        Assert.True(answers.TryGetProperty("application/json", out _) && answers.TryGetProperty("text/event-stream", out _), answers.ToString());
    }

    [Fact]
    public async Task When_an_endpoint_streams_server_sent_events_Should_describe_its_answer_as_an_event_stream_of_one_events_data()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var streams = StreamEndpoints();

        Assert.NotEmpty(streams);
        foreach (var (path, method, data) in streams)
        {
            var answer = Operation(document, path, method).GetProperty("responses").GetProperty("200");
            var content = answer.GetProperty("content");
            Assert.Equal([EventStreams.MediaType], content.EnumerateObject().Select(c => c.Name));
            Assert.Equal($"#/components/schemas/{data.Name}", content.GetProperty(EventStreams.MediaType).GetProperty("schema").GetProperty("$ref").GetString());
            Assert.True(schemas.TryGetProperty(data.Name, out _), $"{method} {path}: no schema {data.Name}");
        }

        // The wrapper the handlers return never goes on the wire: a client generator would expect {data, eventType, …}.
        Assert.DoesNotContain(schemas.EnumerateObject(), schema => schema.Name.StartsWith("SseItem", StringComparison.Ordinal));
        foreach (var (path, method, _) in streams.Where(s => s.Data == typeof(RunEvent)))
        {
            var description = Operation(document, path, method).GetProperty("responses").GetProperty("200").GetProperty("description").GetString();
            Assert.All(RunEventNames(), name => Assert.Contains($"`{name}`", description, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task When_an_event_stream_is_read_Should_carry_in_each_events_data_the_fields_its_schema_declares()
    {
        var document = await DocumentAsync();
        var (path, method, _) = StreamEndpoints().First(s => !s.Path.Contains('{', StringComparison.Ordinal));
        var reference = Operation(document, path, method).GetProperty("responses").GetProperty("200").GetProperty("content")
            .EnumerateObject().Single().Value.GetProperty("schema").GetProperty("$ref").GetString()!;
        var declared = document.GetProperty("components").GetProperty("schemas").GetProperty(reference[(reference.LastIndexOf('/') + 1)..])
            .GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

        using var response = await api.Admin().SendAsync(new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var line = await reader.ReadLineAsync();
        while (line is not null && !line.StartsWith("data: ", StringComparison.Ordinal))
        {
            line = await reader.ReadLineAsync();
        }

        Assert.Equal(EventStreams.MediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(line);
        Assert.Equal(declared, JsonDocument.Parse(line["data: ".Length..]).RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task When_an_event_stream_is_opened_by_a_browser_Should_declare_the_stream_token_in_the_query_on_the_streams_only()
    {
        var document = await DocumentAsync();
        var streams = StreamEndpoints().Select(s => (s.Path, s.Method)).ToHashSet();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiKeySecuritySchemes.StreamTokenQuery);
        Assert.Equal("query", scheme.GetProperty("in").GetString());
        foreach (var (path, method, operation) in Operations(document))
        {
            var requirements = Requirements(operation);
            Assert.True(
                requirements.Contains($"{ApiKeySecuritySchemes.StreamTokenQuery}:read") == streams.Contains((path, method)),
                $"{method} {path}: {string.Join(", ", requirements)}");
        }

        // The key handler takes a token only on a stream.
        var token = await StreamTokens.IssueAsync(api.Admin());
        var name = scheme.GetProperty("name").GetString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync($"/v1/whoami?{name}={Uri.EscapeDataString(token)}")).StatusCode);
    }

    [Fact]
    public async Task When_a_stream_token_alone_is_sent_to_every_operation_Should_be_let_in_exactly_where_the_document_declares_it()
    {
        var document = await DocumentAsync();
        var token = Uri.EscapeDataString(await StreamTokens.IssueAsync(api.Admin()));
        var client = api.CreateClient();

        foreach (var (path, method, operation) in Operations(document))
        {
            var declared = Requirements(operation).Any(r => r.StartsWith(ApiKeySecuritySchemes.StreamTokenQuery + ":", StringComparison.Ordinal));
            // Route values that match their constraints ({id:guid}, {version:int}), so each request reaches its operation.
            var url = RouteValues().Replace(path, value => value.Groups[1].Value == "id" ? Guid.NewGuid().ToString() : "1") + $"?{StreamToken.QueryName}={token}";
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), HttpCompletionOption.ResponseHeadersRead); // a stream's answer never ends
            Assert.True(declared == (response.StatusCode != HttpStatusCode.Unauthorized),
                $"{method.ToUpperInvariant()} {path}: {(int)response.StatusCode} with a stream token, which the document {(declared ? "declares" : "does not declare")} there");
        }
    }

    private async Task<JsonElement> DocumentAsync() => JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

    private static JsonElement Operation(JsonElement document, string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static IEnumerable<JsonElement> AllOperations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject().Select(o => o.Value));

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject().Select(o => (path.Name, o.Name, o.Value)));

    /// <summary>Every endpoint whose handler streams server-sent events, found by its metadata: path as the document writes it, method, event data type.</summary>
    private List<(string Path, string Method, Type Data)> StreamEndpoints() =>
        [.. api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => EventStreams.DataType(e.Metadata) is not null)
            .SelectMany(e => e.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods.Select(method =>
                (RouteValues().Replace(e.RoutePattern.RawText!, "{$1}"), method.ToLowerInvariant(), EventStreams.DataType(e.Metadata)!)))];

    private static IEnumerable<string> RunEventNames() =>
        typeof(RunEventKinds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    /// <summary>A route value with its constraint ("{id:guid}"), to be named as the document names it ("{id}").</summary>
    [GeneratedRegex(@"\{(\w+)[^}]*\}")]
    private static partial Regex RouteValues();

    private static List<string> Statuses(JsonElement operation) =>
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal).ToList();

    private static List<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToList() : [];

    /// <summary>"scheme:scope" per requirement entry ("scheme:" for any valid key), sorted.</summary>
    private static List<string> Requirements(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
            ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => $"{s.Name}:{string.Join('+', s.Value.EnumerateArray().Select(v => v.GetString()))}"))
                .Order(StringComparer.Ordinal).ToList()
            : [];
}
