using GpoPipeline.Api.Security;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GpoPipeline.Api.OpenApi;

/// <summary>
/// Marks each operation that needs a key with the key schemes and the scope its policy asks for (OpenAPI 3.1 lets a
/// non-OAuth requirement name roles); an operation that takes a stream token as authentication does
/// (<see cref="ApiKeyCredentials.AcceptsStreamToken"/>) lists it too. An anonymous operation gets no security.
/// </summary>
public sealed class ApiKeyRequirementTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var access = await EndpointAccess.ReadAsync(context.Description, context.ApplicationServices);
        if (!access.NeedsKey)
        {
            return;
        }

        var schemes = ApiKeyCredentials.AcceptsStreamToken(context.Description.ActionDescriptor.EndpointMetadata) ? ApiKeySecuritySchemes.StreamNames : ApiKeySecuritySchemes.Names;
        operation.Security = [.. access.ScopeChoices.SelectMany(scopes => schemes.Select(scheme =>
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [.. scopes] }))];
        operation.Description = string.IsNullOrEmpty(operation.Description) ? access.Describe() : $"{operation.Description}\n\n{access.Describe()}";
    }
}
