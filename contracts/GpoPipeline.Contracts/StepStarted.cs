namespace GpoPipeline.Contracts;

/// <summary>Event: the scheduler opened step <see cref="Step"/> with its edit budget (spec §3.2).</summary>
public sealed record StepStarted
{
    public required Guid RunId { get; init; }
    public required int Step { get; init; }
    public required int TotalSteps { get; init; }

    /// <summary>Words the optimizer may change; null when the schedule is "none".</summary>
    public int? EditBudget { get; init; }
}
