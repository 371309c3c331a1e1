using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.OpenApi;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace GpoPipeline.Api.Tests;

/// <summary>/openapi/v1.json says what the API does: who may call, which fields are needed, which problems come back.</summary>
public sealed class OpenApiDocument_Specs : IAsyncLifetime
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
        var schemes = (await DocumentAsync()).GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Value).ToList();

        Assert.Equal(["apiKey", "http"], schemes.Select(s => s.GetProperty("type").GetString()).Order());
        foreach (var scheme in schemes)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/whoami");
            if (scheme.GetProperty("type").GetString() == "http")
            {
                Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
                request.Headers.Authorization = new("Bearer", ApiFactory.AdminKey);
            }
            else
            {
                Assert.Equal("header", scheme.GetProperty("in").GetString());
                request.Headers.Add(scheme.GetProperty("name").GetString()!, ApiFactory.AdminKey);
            }

            Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().SendAsync(request)).StatusCode);
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

        var body = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/shape");

        foreach (var (schema, value) in new[] { ("TaskResponse", body), ("TaskPolicy", body.GetProperty("policy")) })
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

    private async Task<JsonElement> DocumentAsync() => JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

    private static JsonElement Operation(JsonElement document, string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static IEnumerable<JsonElement> AllOperations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject().Select(o => o.Value));

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
