using System.Diagnostics;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// Spans named for the phases of a step, around each worker's own work, so a step's waterfall reads
/// retrieval → generation → scoring batches → selection instead of queue names (docs/observability.md).
/// <code>using var span = PipelineSpans.Phase(PipelineSpans.Retrieval, message.RunId, message.Step);</code>
/// </summary>
public static class PipelineSpans
{
    /// <summary>ActivitySource of the phase spans; ServiceDefaults listens to every <c>GpoPipeline.*</c> source.</summary>
    public const string SourceName = "GpoPipeline.Pipeline";

    public const string Retrieval = "gpo.retrieval";
    public const string Generation = "gpo.generation";
    public const string ScoringBatch = "gpo.scoring.batch";
    public const string Selection = "gpo.selection";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A child of the current span (the consumer's), tagged with the run and step; null when nobody listens.</summary>
    public static Activity? Phase(string name, Guid runId, int step)
    {
        var span = Source.StartActivity(name, ActivityKind.Internal);
        span?.SetTag(GpoAttributes.RunId, runId.ToString());
        span?.SetTag(GpoAttributes.Step, step);
        return span;
    }

    /// <summary>The scoring phase of one batch: which candidate, which batch, which split.</summary>
    public static Activity? ScoringBatchOf(Guid runId, int step, int candidate, int batch, string split)
    {
        var span = Phase(ScoringBatch, runId, step);
        span?.SetTag(GpoAttributes.Candidate, candidate);
        span?.SetTag(GpoAttributes.Batch, batch);
        span?.SetTag(GpoAttributes.Split, split);
        return span;
    }
}
