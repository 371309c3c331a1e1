using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GpoPipeline.Api.OpenApi;

/// <summary>The RFC 9457 body every error answers with (ProblemResponses, the key handler, the rate limiter).</summary>
public sealed class ProblemDetailsSchema : IOpenApiDocumentTransformer
{
    public const string Id = "ProblemDetails";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.AddComponent(Id, new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details; 'detail' says what was wrong and, where it can, how to fix it.",
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
            },
        });
        return Task.CompletedTask;
    }
}
