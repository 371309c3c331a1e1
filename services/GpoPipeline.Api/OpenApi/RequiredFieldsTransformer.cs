using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GpoPipeline.Api.OpenApi;

/// <summary>
/// Makes <c>required</c> say what is needed. The generator marks every constructor parameter without a default as
/// required, but a request may leave out all but <see cref="RequiredRequestFields"/>, and a JSON response always carries
/// every property (nulls are written, not dropped). A schema used by both is described as a request.
/// </summary>
public sealed class RequiredFieldsTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var components = document.Components?.Schemas;
        if (components is null)
        {
            return Task.CompletedTask;
        }

        var operations = (document.Paths ?? []).Values.SelectMany(path => path.Operations ?? []).Select(entry => entry.Value).ToList();
        var requests = SchemaReach.From(components, operations.SelectMany(o => o.RequestBody?.Content?.Values ?? []));
        var responses = SchemaReach.From(components, operations
            .SelectMany(o => (o.Responses ?? []).Values.SelectMany(r => r.Content ?? new Dictionary<string, OpenApiMediaType>()))
            .Where(content => SchemaReach.IsJson(content.Key)).Select(content => content.Value));
        foreach (var (id, found) in components)
        {
            if (found is not OpenApiSchema schema || schema.Properties is not { Count: > 0 } properties)
            {
                continue;
            }

            if (requests.Contains(id))
            {
                schema.Required = new HashSet<string>(RequiredRequestFields.Of(id).Where(properties.ContainsKey), StringComparer.Ordinal);
            }
            else if (responses.Contains(id))
            {
                schema.Required = new HashSet<string>(properties.Keys, StringComparer.Ordinal);
            }
        }

        return Task.CompletedTask;
    }
}
