using Microsoft.OpenApi;

namespace GpoPipeline.Api.OpenApi;

/// <summary>The component schemas a set of bodies uses, through references, properties, items and compositions.</summary>
public static class SchemaReach
{
    public static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    public static HashSet<string> From(IDictionary<string, IOpenApiSchema> components, IEnumerable<OpenApiMediaType> bodies)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(bodies);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema>(bodies.Select(body => body.Schema).OfType<IOpenApiSchema>());
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference reference)
            {
                if (reference.Reference.Id is { } id && reached.Add(id) && components.TryGetValue(id, out var target))
                {
                    pending.Push(target);
                }

                continue;
            }

            foreach (var inner in Children(schema))
            {
                pending.Push(inner);
            }
        }

        return reached;
    }

    private static IEnumerable<IOpenApiSchema> Children(IOpenApiSchema schema) =>
        new[] { schema.Items, schema.AdditionalProperties }.OfType<IOpenApiSchema>()
            .Concat(schema.Properties?.Values ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []);
}
