using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Champions;

/// <summary>
/// GET /v1/tasks/{task}/champions: the newest versions and decisions (<c>?limit=</c>, 20 by default), each oldest first,
/// and the answers served by those versions; scores 0–1 (<see cref="ApiScore"/>).
/// </summary>
public sealed record ChampionHistoryResponse(
    string Task, int Current, IReadOnlyList<ChampionVersionResponse> Versions, IReadOnlyList<DecisionResponse> Decisions, IReadOnlyList<ServedCountRecord> Served);
