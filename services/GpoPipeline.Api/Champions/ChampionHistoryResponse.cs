using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Champions;

/// <summary>GET /v1/tasks/{task}/champions: every version and decision, scores 0–1 (<see cref="ApiScore"/>).</summary>
public sealed record ChampionHistoryResponse(
    string Task, int Current, IReadOnlyList<ChampionVersionResponse> Versions, IReadOnlyList<DecisionResponse> Decisions, IReadOnlyList<ServedCountRecord> Served);
