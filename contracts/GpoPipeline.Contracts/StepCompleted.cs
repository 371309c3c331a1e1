namespace GpoPipeline.Contracts;

/// <summary>Event: a step selected its prompt and appended it to the trajectory.</summary>
public sealed record StepCompleted
{
    public required Guid RunId { get; init; }
    public required int Step { get; init; }
    public required int TotalSteps { get; init; }
    public required string Prompt { get; init; }
    public required double DevScore { get; init; }
}
