using GpoPipeline.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GpoPipeline.Api.OpenApi;

/// <summary>The two ways <see cref="ApiKeyCredentials"/> accepts a key, as security schemes; either one will do.</summary>
public sealed class ApiKeySecuritySchemes : IOpenApiDocumentTransformer
{
    public const string Bearer = "Bearer";
    public const string Header = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    public static IReadOnlyList<string> Names { get; } = [Bearer, Header];

    private const string Scopes =
        "The scopes a key has: read < write < admin (each includes the ones before it); proxy may only use the chat proxy " +
        "and read the prompt of the one task its key names. An operation's security lists the scope it needs.";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.AddComponent(Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "gpo_<id>_<secret>",
            Description = "An API key as 'Authorization: Bearer gpo_…' (what OpenAI clients send). " + Scopes,
        });
        document.AddComponent(Header, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = HeaderName,
            Description = $"An API key as '{HeaderName}: gpo_…'. " + Scopes,
        });
        return Task.CompletedTask;
    }
}
