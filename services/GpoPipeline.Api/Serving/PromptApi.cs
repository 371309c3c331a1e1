using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Net.Http.Headers;

namespace GpoPipeline.Api.Serving;

public sealed record PromptResponse(string Task, int Version, string Prompt, string PromptPosition, DateTime PromotedAt);

/// <summary>
/// GET /v1/tasks/{task}/prompt: what an application polls. The ETag is the champion version, which grows with every
/// promotion and rollback; If-None-Match with the current one gets 304 and no body.
/// </summary>
public static class PromptApi
{
    public static void MapPromptApi(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/tasks/{task}/prompt", GetAsync).WithTags("Serving").RequireAuthorization(ScopePolicies.ReadPrompt);

    public static async Task<IResult> GetAsync(string task, HttpContext context, ControlPlaneStore store, ChampionBook champions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!TaskAccess.Allows(context.User, task))
        {
            throw ApiProblemException.Forbidden($"This key may not read task '{TasksApi.Shorten(task)}'.");
        }

        var record = await TasksApi.Find(store, task, cancellationToken);
        var champion = await champions.CurrentAsync(record, cancellationToken);
        var etag = new EntityTagHeaderValue($"\"{record.Id}-v{champion.Number}\"");
        context.Response.Headers.ETag = etag.ToString();
        context.Response.Headers.CacheControl = "no-cache";
        var presented = context.Request.GetTypedHeaders().IfNoneMatch;
        if (presented.Any(tag => tag.Compare(etag, useStrongComparison: false) || tag.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(new PromptResponse(record.Id, champion.Number, champion.Prompt, record.Settings.PromptPosition, champion.PromotedAt));
    }
}
