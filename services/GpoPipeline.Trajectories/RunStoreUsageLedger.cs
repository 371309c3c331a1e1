using GpoPipeline.Llm;

namespace GpoPipeline.Trajectories;

/// <summary>
/// The model clients' accounting port backed by the run store, so every worker of a deployment checks one
/// budget per run (DESIGN §4) and spend per step is kept with the run.
/// </summary>
public sealed class RunStoreUsageLedger(IRunStore store) : IUsageLedger
{
    public async ValueTask RecordAsync(Llm.UsageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var usage = record.Usage;
        await store.AddUsageAsync(new UsageRecord
        {
            RunId = record.RunId,
            Step = record.Step,
            Role = record.Role.ToString().ToLowerInvariant(),
            Calls = usage.CacheHit ? 0 : 1,
            CacheHits = usage.CacheHit ? 1 : 0,
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            Cost = usage.Cost,
        }, cancellationToken);
    }

    public async ValueTask<UsageTotals> GetTotalsAsync(Guid runId, CancellationToken cancellationToken)
    {
        var totals = RunTotals.From(await store.GetUsageAsync(runId, cancellationToken));
        return new UsageTotals(totals.Calls, totals.CacheHits, totals.InputTokens, totals.OutputTokens, totals.Cost, EstimatedCalls: 0);
    }
}
