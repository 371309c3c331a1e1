using System.Collections.Concurrent;

namespace GpoPipeline.Llm;

/// <summary>Process-local ledger: totals per run (no per-call history, so memory stays flat).</summary>
public sealed class InMemoryUsageLedger : IUsageLedger
{
    private readonly ConcurrentDictionary<Guid, UsageTotals> totals = new();

    public ValueTask RecordAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        totals.AddOrUpdate(record.RunId, _ => UsageTotals.Empty.Add(record.Usage), (_, t) => t.Add(record.Usage));
        return ValueTask.CompletedTask;
    }

    public ValueTask<UsageTotals> GetTotalsAsync(Guid runId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(totals.GetValueOrDefault(runId, UsageTotals.Empty));
}
