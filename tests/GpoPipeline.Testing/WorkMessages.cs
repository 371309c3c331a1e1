using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Testing;

/// <summary>Work messages as the scheduler builds them for a stored run, for specs that drive a worker (or the scheduler) by hand.</summary>
public static class WorkMessages
{
    /// <summary>The ScoreBatch of (step, candidate, batch) with every example of the batch, as first dispatched.</summary>
    public static async Task<ScoreBatch> ScoreBatchAsync(IRunStore store, RunRecord run, int step, int candidateIndex, int batchIndex, string? prompt = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var record = run.Steps.Single(s => s.Step == step);
        var split = StepSplits.SplitOf(record.Kind);
        var size = StepSplits.BatchSize(run);
        var from = batchIndex * size;
        var to = Math.Min(StepSplits.ExampleCount(run, record.Kind), from + size);
        var examples = await new RunDatasets(store).SplitAsync(run, split, CancellationToken.None);
        var configuration = run.Configuration!;
        return new ScoreBatch
        {
            RunId = run.Id,
            Step = step,
            Kind = record.Kind,
            CandidateIndex = candidateIndex,
            BatchIndex = batchIndex,
            Prompt = prompt ?? record.Candidates.Single(c => c.Index == candidateIndex).Prompt,
            Split = split,
            From = from,
            To = to,
            WorkToken = record.WorkToken,
            Scoring = new ScoringSettings
            {
                Task = configuration.TaskDefinition(run.Task), Position = configuration.Position, TwoRoundExtraction = configuration.TwoRoundExtraction,
            },
            Examples = [.. Enumerable.Range(from, to - from).Select(i => RunDatasetConversion.ToData(examples[i], i))],
        };
    }
}
