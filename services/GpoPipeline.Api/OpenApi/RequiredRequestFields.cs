using GpoPipeline.Api.Security;
using GpoPipeline.Api.Serving;
using GpoPipeline.Api.Tasks;

namespace GpoPipeline.Api.OpenApi;

/// <summary>
/// The request fields a handler refuses to go without (its validator answers 422 when they are missing). Every other
/// field of a request may be left out: System.Text.Json fills a missing constructor parameter with null and the handler
/// then uses its default. Keep in step with TasksApi.CreateAsync and KeysApi.CreateAsync (OpenApiDocument_Specs
/// sends each request with only these fields, and without each of them). The bodies of PUT …/settings and PUT …/policy
/// (TaskSettingsRequest, TaskPolicyRequest) have no row: every field of them may be left out and takes its default.
/// </summary>
public static class RequiredRequestFields
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> BySchema { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        [nameof(CreateTaskRequest)] = ["name"],
        [nameof(CreateKeyRequest)] = ["name", "scopes"],
        [nameof(ChatCompletionRequest)] = ["model", "messages"],
        [nameof(ChatCompletionMessage)] = ["role", "content"],
    };

    public static IReadOnlyList<string> Of(string schemaId) => BySchema.TryGetValue(schemaId, out var fields) ? fields : [];
}
