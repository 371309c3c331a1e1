using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
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

    private async Task<JsonElement> DocumentAsync() => JsonDocument.Parse(await api.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

    private static List<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()!).ToList() : [];
}
