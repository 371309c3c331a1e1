using System.Globalization;

namespace GpoPipeline.Trajectories;

/// <summary>String keys of documents whose identity is a tuple (the embedded store uses them as <c>_id</c>).</summary>
internal static class RunStoreKeys
{
    /// <summary>"{run}/{step}/" — every key of one step starts with it, so a prefix scan finds a step's scores.</summary>
    public static string StepPrefix(Guid runId, int step) => string.Create(CultureInfo.InvariantCulture, $"{runId:N}/{step}/");

    public static string RunPrefix(Guid runId) => string.Create(CultureInfo.InvariantCulture, $"{runId:N}/");

    public static string Score(BatchScoreRecord score) => string.Create(
        CultureInfo.InvariantCulture,
        $"{StepPrefix(score.RunId, score.Step)}{score.Split}/{score.CandidateIndex}/{score.BatchIndex}");

    public static string Usage(Guid runId, int step, string role) =>
        string.Create(CultureInfo.InvariantCulture, $"{StepPrefix(runId, step)}{role}");
}
