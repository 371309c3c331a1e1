using GpoPipeline.Contracts;

namespace GpoPipeline.Testing;

/// <summary>A run's work messages seen up to one moment (see <see cref="RunTraffic"/>).</summary>
public sealed record RunTrafficSnapshot(
    IReadOnlyList<ScoreBatch> ScoreBatches,
    IReadOnlyList<BatchKey> BatchesScored,
    IReadOnlyList<StepStarted> StepsStarted,
    IReadOnlyList<DirectionRetrieved> Directions,
    IReadOnlyList<int> CandidatesGenerated)
{
    /// <summary>
    /// Work dispatched by <paramref name="dispatchedBy"/> and not answered by this snapshot: taking the answers from
    /// before a kill and the dispatches from after it leaves no message in flight uncounted while the bus copies arrive.
    /// </summary>
    public InFlightWork Unanswered(RunTrafficSnapshot dispatchedBy)
    {
        ArgumentNullException.ThrowIfNull(dispatchedBy);
        var scored = BatchesScored.ToHashSet();
        var retrieved = Directions.Select(d => d.Step).ToHashSet();
        var generated = CandidatesGenerated.ToHashSet();
        return new InFlightWork(
            [.. dispatchedBy.ScoreBatches.Where(b => !scored.Contains(BatchKey.Of(b)))],
            [.. dispatchedBy.StepsStarted.Where(s => s.Generation is not null && !retrieved.Contains(s.Step))],
            [.. dispatchedBy.Directions.Where(d => !generated.Contains(d.Step))]);
    }
}
