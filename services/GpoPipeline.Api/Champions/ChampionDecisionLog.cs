using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Champions;

/// <summary>
/// One structured log per recorded champion decision (issue 14), in the run's <c>gpo.run.id</c> scope when a run
/// made it: outcome, trigger and the evidence (scores, p-value, n). Prompts are never logged.
/// </summary>
public static partial class ChampionDecisionLog
{
    public static void Recorded(ILogger logger, DecisionRecord decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        using var scope = decision.RunId is { } runId
            ? logger.BeginScope(new Dictionary<string, object> { ["gpo.run.id"] = runId.ToString() })
            : null;
        Decision(logger, decision.Task, decision.Outcome, decision.Trigger, decision.ChampionScore, decision.ChallengerScore,
            decision.PValue, decision.ExampleCount, decision.NewChampionVersion ?? decision.ChampionVersion);
    }

    [LoggerMessage(LogLevel.Information,
        "Champion decision for task {Task}: {Outcome} (trigger {Trigger}; champion score {ChampionScore}, challenger score {ChallengerScore}, p {PValue}, n {ExampleCount}); version in force {Version}")]
    private static partial void Decision(
        ILogger logger, string task, string outcome, string trigger, double? championScore, double? challengerScore, double? pValue, int? exampleCount, int? version);
}
