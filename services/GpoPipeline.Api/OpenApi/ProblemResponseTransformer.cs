using GpoPipeline.ServiceDefaults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace GpoPipeline.Api.OpenApi;

/// <summary>
/// Documents the application/problem+json answers an operation can give, from what it takes and its metadata:
/// 400/422 with a body or query, 401 (and 403 with a scope) when it needs a key, 404 with an id in the route,
/// 429 when a rate limiter covers it.
/// </summary>
public sealed class ProblemResponseTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var access = await EndpointAccess.ReadAsync(context.Description, context.ApplicationServices);
        var parameters = operation.Parameters ?? [];
        var problem = new OpenApiSchemaReference(ProblemDetailsSchema.Id, context.Document);
        operation.Responses ??= new OpenApiResponses();
        if (operation.RequestBody is not null || parameters.Any(p => p.In == ParameterLocation.Query))
        {
            Add(operation, problem, StatusCodes.Status400BadRequest, "Unreadable request: malformed JSON, a wrong type or a misspelt field (the detail names its path).");
            Add(operation, problem, StatusCodes.Status422UnprocessableEntity, "A field or query value is out of range or missing (the detail names it and what it may be).");
        }

        if (access.NeedsKey)
        {
            Add(operation, problem, StatusCodes.Status401Unauthorized, "No API key, or one that is unknown or revoked.");
        }

        if (access.NeedsScope)
        {
            Add(operation, problem, StatusCodes.Status403Forbidden, "The key's scopes do not allow this request.");
        }

        if (parameters.Any(p => p.In == ParameterLocation.Path))
        {
            Add(operation, problem, StatusCodes.Status404NotFound, "Nothing exists under the id in the route.");
        }

        if (IsRateLimited(context))
        {
            var answer = Add(operation, problem, StatusCodes.Status429TooManyRequests, "The key (or, without one, the address) made too many requests; retry after Retry-After seconds.");
            answer.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            };
        }
    }

    /// <summary>As the rate-limiting middleware decides: off where disabled, else an endpoint's own limiter or the global one (which skips health).</summary>
    private static bool IsRateLimited(OpenApiOperationTransformerContext context)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<DisableRateLimitingAttribute>().Any())
        {
            return false;
        }

        var global = context.ApplicationServices.GetService<IOptions<RateLimiterOptions>>()?.Value.GlobalLimiter is not null;
        return metadata.OfType<EnableRateLimitingAttribute>().Any() || (global && !HealthEndpoints.IsHealthPath("/" + context.Description.RelativePath));
    }

    private static OpenApiResponse Add(OpenApiOperation operation, OpenApiSchemaReference problem, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var documented) && documented is OpenApiResponse existing)
        {
            return existing;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
        };
        operation.Responses[key] = response;
        return response;
    }
}
