using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GpoPipeline.Api.Champions;

/// <summary>Champion history with every decision and its evidence; rollback.</summary>
public static class ChampionsApi
{
    public static RouteGroupBuilder MapChampionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/tasks/{task}").WithTags("Champions");
        group.MapGet("/champions", HistoryAsync).RequireAuthorization(ScopePolicies.Read);
        group.MapPost("/rollback", RollbackAsync).RequireAuthorization(ScopePolicies.Write);
        return group;
    }

    /// <param name="limit">
    /// The newest this many champion versions and decisions, each oldest first (1–<see cref="QueryLimit.Max"/>), with the
    /// answers served by those versions: the whole history was read and answered, and a task re-optimized on a schedule
    /// or checked after each append gathers thousands of decisions (the API review).
    /// </param>
    public static async Task<Ok<ChampionHistoryResponse>> HistoryAsync(
        string task, ControlPlaneStore store, ChampionBook champions, int limit = QueryLimit.Default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(champions);
        QueryLimit.Checked(limit);
        var record = await TasksApi.Find(store, task, cancellationToken);
        var current = await champions.CurrentAsync(record, cancellationToken);
        var versions = await store.ListNewestChampionsAsync(record.Id, limit, cancellationToken);
        var oldestShown = versions.Count == 0 ? current.Number : versions[0].Number;
        return TypedResults.Ok(new ChampionHistoryResponse(
            record.Id, current.Number, [.. versions.Select(ChampionVersionResponse.From)],
            [.. (await store.ListNewestDecisionsAsync(record.Id, limit, cancellationToken)).Select(DecisionResponse.From)],
            await store.ListServedAsync(record.Id, oldestShown, cancellationToken)));
    }

    public static async Task<Ok<ChampionVersionResponse>> RollbackAsync(
        string task, HttpContext context, ControlPlaneStore store, ChampionBook champions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var record = await TasksApi.Find(store, task, cancellationToken);
        return TypedResults.Ok(ChampionVersionResponse.From(
            await champions.RollbackAsync(record, $"rollback ({TaskAccess.Caller(context.User)})", cancellationToken)));
    }
}
