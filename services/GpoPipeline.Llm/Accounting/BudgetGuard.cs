using System.Collections.Concurrent;

namespace GpoPipeline.Llm;

/// <summary>
/// Checks a run's budget BEFORE each paid call and counts calls in flight, so N concurrent callers cannot all
/// pass a budget that has room for one. Tokens and cost are only known afterwards: a call starts while the
/// spent amount is below the limit, so a run overshoots by at most the calls already in flight.
/// Within one process only; across processes the store-backed ledger sees each call as it is recorded.
/// </summary>
internal sealed class BudgetGuard(IUsageLedger ledger)
{
    private static readonly RunGate UnlimitedGate = new();
    private readonly ConcurrentDictionary<Guid, RunGate> gates = new();

    public async ValueTask<BudgetReservation> ReserveAsync(CallScope scope, CancellationToken cancellationToken)
    {
        var call = scope.Call;
        if (call.Budget is not { HasLimits: true })
        {
            // Nothing to check: no per-run lock, so calls of an unlimited run never queue behind the ledger.
            return new BudgetReservation(this, UnlimitedGate);
        }

        var gate = gates.GetOrAdd(call.RunId, _ => new RunGate());
        await gate.Lock.WaitAsync(cancellationToken);
        try
        {
            if (call.Budget is { } budget)
            {
                var spent = await ledger.GetTotalsAsync(call.RunId, cancellationToken);
                Check(call, scope.Role, budget, spent, gate.InFlight);
            }

            gate.InFlight++;
            return new BudgetReservation(this, gate);
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    /// <summary>Records the finished call and frees its slot atomically with respect to <see cref="ReserveAsync"/>.</summary>
    internal async ValueTask CompleteAsync(RunGate gate, UsageRecord? record)
    {
        if (ReferenceEquals(gate, UnlimitedGate))
        {
            if (record is not null)
            {
                await ledger.RecordAsync(record, CancellationToken.None);
            }

            return;
        }

        await gate.Lock.WaitAsync(CancellationToken.None);
        try
        {
            if (record is not null)
            {
                await ledger.RecordAsync(record, CancellationToken.None);
            }

            gate.InFlight--;
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    private static void Check(ModelCall call, ModelRole role, RunBudget budget, UsageTotals spent, int inFlight)
    {
        // In 128 bits: totals read from a store that holds a huge number cannot wrap below a limit.
        if (budget.MaxCalls is { } maxCalls && (Int128)spent.Calls + inFlight >= maxCalls)
        {
            throw Exhausted(call, role, "calls", $"{spent.Calls} calls made and {inFlight} in flight of at most {maxCalls}");
        }

        if (budget.MaxTokens is { } maxTokens && (Int128)spent.InputTokens + spent.OutputTokens >= maxTokens)
        {
            throw Exhausted(call, role, "tokens", $"{spent.TotalTokens} tokens used of at most {maxTokens}");
        }

        if (budget.MaxCost is { } maxCost && spent.Cost >= maxCost)
        {
            throw Exhausted(call, role, "cost", $"cost {spent.Cost:0.######} reached the limit {maxCost:0.######}");
        }
    }

    private static BudgetExhaustedException Exhausted(ModelCall call, ModelRole role, string limit, string detail) =>
        new($"Budget of run {call.RunId} exhausted before a {role.ToString().ToLowerInvariant()} model call at step {call.Step}: {detail}.")
        {
            RunId = call.RunId,
            Limit = limit,
        };

    internal sealed class RunGate
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public int InFlight { get; set; }
    }
}
