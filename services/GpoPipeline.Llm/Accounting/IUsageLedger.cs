namespace GpoPipeline.Llm;

/// <summary>Port for per-run accounting. In memory here; the pipeline backs it with the run store.</summary>
public interface IUsageLedger
{
    ValueTask RecordAsync(UsageRecord record, CancellationToken cancellationToken);

    ValueTask<UsageTotals> GetTotalsAsync(Guid runId, CancellationToken cancellationToken);
}
