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

    public static async Task<Ok<ChampionHistoryResponse>> HistoryAsync(string task, ControlPlaneStore store, ChampionBook champions, CancellationToken cancellationToken)
    {
        var record = await TasksApi.Find(store, task, cancellationToken);
        var current = await champions.CurrentAsync(record, cancellationToken);
        return TypedResults.Ok(new ChampionHistoryResponse(
            record.Id, current.Number, [.. (await store.ListChampionsAsync(record.Id, cancellationToken)).Select(ChampionVersionResponse.From)],
            [.. (await store.ListDecisionsAsync(record.Id, cancellationToken)).Select(DecisionResponse.From)],
            await store.ListServedAsync(record.Id, cancellationToken)));
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
