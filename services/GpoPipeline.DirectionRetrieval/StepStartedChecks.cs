using GpoPipeline.Contracts;
using GpoPipeline.ServiceDefaults;

namespace GpoPipeline.DirectionRetrieval;

/// <summary>
/// What retrieval reads of a StepStarted, checked before the embedding call (<see cref="WorkChecks"/>): a forged
/// message (k = 0, a score of NaN, an empty or non-finite stored embedding) is refused naming the field, not thrown on later.
/// </summary>
public static class StepStartedChecks
{
    public static RetrievalSettings Validate(StepStarted started, MessageLimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(limits);
        var where = $"StepStarted for run {started.RunId} step {started.Step}";
        if (started.Retrieval is not { } settings || started.Generation is null || started.Trajectory is not { Count: > 0 } points)
        {
            throw new RejectedMessageException($"{where}: needs Retrieval, Generation and a non-empty Trajectory.");
        }

        MessageLimitsOptions.Count(points.Count, limits.MaxTrajectoryEntries, $"{where}: trajectory entries", nameof(MessageLimitsOptions.MaxTrajectoryEntries));
        WorkChecks.Points(points, limits, $"{where}: Trajectory");
        WorkChecks.Embeddings(points.Select(p => p.Embedding), $"{where}: Trajectory");
        WorkChecks.Defined(settings.Strategy, $"{where}: Retrieval.Strategy");
        WorkChecks.Defined(settings.Order, $"{where}: Retrieval.Order");
        if (settings.K < 1)
        {
            throw new RejectedMessageException($"{where}: Retrieval.K is {settings.K}; the direction needs k ≥ 1 entries.");
        }

        if (started.MaxEmbeddingCalls is < 0 or > 1)
        {
            throw new RejectedMessageException($"{where}: MaxEmbeddingCalls is {started.MaxEmbeddingCalls}; one call embeds every missing prompt (0 or 1).");
        }

        return settings;
    }
}
