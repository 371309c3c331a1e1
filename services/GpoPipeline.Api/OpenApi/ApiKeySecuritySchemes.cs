using System.Globalization;
using GpoPipeline.Api.Dashboard;
using GpoPipeline.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GpoPipeline.Api.OpenApi;

/// <summary>
/// The ways <see cref="ApiKeyCredentials"/> accepts a key, as security schemes; any one will do. The event streams also
/// take a <see cref="StreamToken"/> in the query, since a browser's EventSource cannot send headers.
/// </summary>
public sealed class ApiKeySecuritySchemes : IOpenApiDocumentTransformer
{
    public const string Bearer = "Bearer";
    public const string Header = "ApiKey";
    public const string StreamTokenQuery = "StreamToken";

    public static IReadOnlyList<string> Names { get; } = [Bearer, Header];

    public static IReadOnlyList<string> StreamNames { get; } = [.. Names, StreamTokenQuery];

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
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyCredentials.KeyHeader,
            Description = $"An API key as '{ApiKeyCredentials.KeyHeader}: gpo_…'. " + Scopes,
        });
        document.AddComponent(StreamTokenQuery, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Query, Name = StreamToken.QueryName,
            Description = $"Only for the event streams (the operations that list it): a stream token as '?{StreamToken.QueryName}=gst_…', "
                + "for a browser's EventSource, which cannot send a key in a header. POST /v1/stream-tokens with a key answers one "
                + $"({{token, expiresAt}}); it is valid for {StreamToken.Lifetime.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes "
                + "and has its key's scopes. A stream opened with it ends when it expires or the key is revoked: open it again with a new token.",
        });
        return Task.CompletedTask;
    }
}
