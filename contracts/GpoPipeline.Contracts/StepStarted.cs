namespace GpoPipeline.Contracts;

/// <summary>
/// Event: the scheduler opened optimization step <see cref="Step"/> with its edit budget (spec §3.2). It carries
/// everything retrieval and generation need: the trajectory with stored embeddings and the meta-prompt inputs.
/// </summary>
public sealed record StepStarted
{
    public required Guid RunId { get; init; }
    public required int Step { get; init; }
    public required int TotalSteps { get; init; }

    /// <summary>Words the optimizer may change; null when the schedule is "none".</summary>
    public int? EditBudget { get; init; }

    public IReadOnlyList<TrajectoryPoint> Trajectory { get; init; } = [];

    public RetrievalSettings? Retrieval { get; init; }

    public GenerationRequest? Generation { get; init; }

    /// <summary>Embedding calls reserved for this step (0 or 1: one call embeds every missing prompt).</summary>
    public int MaxEmbeddingCalls { get; init; }

    /// <summary>
    /// The step's work token, passed on in <see cref="DirectionRetrieved"/>: a worker's refusal of this very work (a
    /// Fault naming it) then fails the run instead of leaving it waiting; empty from senders that predate it.
    /// </summary>
    public Guid WorkToken { get; init; }
}
