namespace GpoPipeline.Api.OpenApi;

/// <summary>
/// The one place /openapi/v1.json is set up: the generator sees routes and types, not what the handlers refuse, who
/// may call, or which fields a validator insists on; these transformers add that.
/// </summary>
public static class ControlPlaneOpenApi
{
    public static IServiceCollection AddControlPlaneOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiKeySecuritySchemes>();
            options.AddOperationTransformer<ApiKeyRequirementTransformer>();
            options.AddOperationTransformer<EventStreamTransformer>();
            options.AddOperationTransformer<ProblemResponseTransformer>();
            options.AddDocumentTransformer<RequiredFieldsTransformer>(); // before ProblemDetails: a problem's fields are not all always there
            options.AddDocumentTransformer<ProblemDetailsSchema>();
        });
}
