using GpoPipeline.Api.Runs;

namespace GpoPipeline.Api.OpenApi;

/// <summary>
/// The events of a run's progress stream, by name, with the <see cref="RunEvent"/> fields each one fills (the others
/// are null): as RunProgressConsumer, RunsApi.Stream and DashboardApi.StreamAll write them.
/// </summary>
public static class RunEventDescriptions
{
    public static IReadOnlyDictionary<string, string> Events { get; } = new Dictionary<string, string>
    {
        [RunEventKinds.Snapshot] = "first, at once: the run as stored now (step, totalSteps, bestScore, status: Submitted, Pending, Running, "
            + "Completed, Failed, Cancelled or StoppedBudget; detail: why it stopped; spend); on the stream of every run, one with an all-zero "
            + "runId and detail 'following every run'",
        [RunEventKinds.StepStarted] = "step, totalSteps, status Running, detail 'edit budget N words' when the step has one, spend",
        [RunEventKinds.StepCompleted] = "step, totalSteps, devScore (the step's selected prompt), bestScore, status Running, spend",
        [RunEventKinds.Completed] = "bestScore, status 'completed' or 'stopped: budget', detail 'test … (initial …)' when the test split was scored, spend",
        [RunEventKinds.Failed] = "step, status Failed, detail (the reason), spend",
        [RunEventKinds.Decided] = "the control plane's decision about a run it started: status (promoted, kept, score-checked or score-dropped), "
            + "detail 'champion vN: reason', spend",
        [RunEventKinds.Cancelled] = "the cancel took effect: step (where the run stopped), status Cancelled, detail (the reason), spend; the run stays resumable",
        [RunEventKinds.CancelRequested] = "a cancel was asked for; only kind and runId (run-cancelled follows once the scheduler takes it)",
    };

    public static string Describe() =>
        "Events: " + string.Join("; ", Events.Select(e => $"`{e.Key}`: {e.Value}")) + ". Scores are 0–1.";
}
