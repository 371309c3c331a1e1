using System.ComponentModel;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Champions;

/// <summary>One champion version as the API answers it: its held-out score 0–1, like a run's scores.</summary>
public sealed record ChampionVersionResponse(
    string Id, long Version, string Task, int Number, string Prompt, Guid? RunId,
    [property: Description("Held-out score (0–1) measured when it was promoted; the same scale as a run's scores.")] double? HeldOutScore,
    int? Predecessor, int? Restores, string Reason, DateTime PromotedAt)
{
    public static ChampionVersionResponse From(ChampionVersionRecord champion)
    {
        ArgumentNullException.ThrowIfNull(champion);
        return new(
            champion.Id, champion.Version, champion.Task, champion.Number, champion.Prompt, champion.RunId,
            ApiScore.FromPoints(champion.HeldOutScore), champion.Predecessor, champion.Restores, champion.Reason, champion.PromotedAt);
    }
}
