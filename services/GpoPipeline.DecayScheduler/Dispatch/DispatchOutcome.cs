namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>What dispatching left for the driver: a budget shortfall to stop on, or batches recorded from the memo.</summary>
public sealed record DispatchOutcome(string? BudgetShortfall, bool MayAdvance)
{
    public static DispatchOutcome Sent { get; } = new(null, false);
}
