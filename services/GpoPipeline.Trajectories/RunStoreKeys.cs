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

    /// <summary>The batch a <see cref="Score"/> key names (the split holds no '/').</summary>
    public static BatchKey ParseScore(Guid runId, int step, string key)
    {
        var parts = key[StepPrefix(runId, step).Length..].Split('/');
        return parts.Length == 3
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var candidate)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var batch)
            ? new BatchKey(step, parts[0], candidate, batch)
            : throw new FormatException($"'{key}' is not a batch score key of run {runId:N} step {step} ('{{run}}/{{step}}/{{split}}/{{candidate}}/{{batch}}').");
    }

    public static string Usage(Guid runId, int step, string role) =>
        string.Create(CultureInfo.InvariantCulture, $"{StepPrefix(runId, step)}{role}");
}
