namespace GpoPipeline.Llm;

/// <summary>A slot held by one paid call between the budget check and its accounting.</summary>
internal sealed class BudgetReservation(BudgetGuard guard, BudgetGuard.RunGate gate)
{
    private int done;

    /// <summary>Records the call's usage (null for a failed call, which is not billed) and frees the slot; idempotent.</summary>
    public ValueTask CompleteAsync(UsageRecord? record) =>
        Interlocked.Exchange(ref done, 1) == 0 ? guard.CompleteAsync(gate, record) : ValueTask.CompletedTask;
}
