using GpoPipeline.Contracts;

namespace GpoPipeline.Testing;

/// <summary>Work messages of a run dispatched and not yet answered, per worker kind.</summary>
public sealed record InFlightWork(IReadOnlyList<ScoreBatch> Scoring, IReadOnlyList<StepStarted> Retrieval, IReadOnlyList<DirectionRetrieved> Generation);
