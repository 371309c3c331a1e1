using System.ComponentModel;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Champions;

/// <summary>One champion decision as the API answers it: both scores 0–1, like a run's scores.</summary>
public sealed record DecisionResponse(
    string Id, long Version, string Task, string Outcome, Guid? RunId, string Trigger, int? ChampionVersion, int? NewChampionVersion,
    [property: Description("The champion's score (0–1) on the decision's examples; the same scale as a run's scores.")] double? ChampionScore,
    [property: Description("The challenger's score (0–1) on the same examples; the same scale as a run's scores.")] double? ChallengerScore,
    double? PValue, int? ExampleCount, string? Test,
    [property: Description("Prose for people; it may give scores in percent.")] string Reason,
    DateTime DecidedAt)
{
    public static DecisionResponse From(DecisionRecord decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(
            decision.Id, decision.Version, decision.Task, decision.Outcome, decision.RunId, decision.Trigger, decision.ChampionVersion,
            decision.NewChampionVersion, ApiScore.FromPoints(decision.ChampionScore), ApiScore.FromPoints(decision.ChallengerScore),
            decision.PValue, decision.ExampleCount, decision.Test, decision.Reason, decision.DecidedAt);
    }
}
