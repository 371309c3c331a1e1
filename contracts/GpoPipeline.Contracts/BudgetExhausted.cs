namespace GpoPipeline.Contracts;

/// <summary>Event: a worker refused a model call because the run's budget (calls, tokens or cost) is spent.</summary>
public sealed record BudgetExhausted
{
    public required Guid RunId { get; init; }
    public required int Step { get; init; }
    public required string Detail { get; init; }
}
