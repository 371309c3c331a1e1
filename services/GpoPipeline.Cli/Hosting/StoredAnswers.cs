using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// How many of a planned run's initial-prompt answers a store already holds. The scheduler memoizes every answer under
/// <see cref="ExampleMemoKey"/> and sends only what is missing, so these cost no call. Only the initial prompt is
/// known before a run: the later prompts are written by the optimizer.
/// </summary>
public static class StoredAnswers
{
    /// <summary>The initial prompt's dev and test examples, as the run scores them (the first DevCount and TestCount of each split).</summary>
    public static async Task<(int Stored, int Asked)> OfInitialPromptAsync(IRunStore store, RunPlan plan, string initialPrompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(plan);
        var examples = plan.Dataset[Split.Dev].Take(plan.DevCount).Concat(plan.Dataset[Split.Test].Take(plan.TestCount));
        // An example in both splits is one question, answered once.
        var configuration = plan.RecordedConfiguration;
        // A run naming no task model shares no answers (its keys hold its own run id), so nothing stored counts;
        // a fresh id keys the questions the same way the run will, none of them found.
        var runId = Guid.NewGuid();
        var keys = examples.Select(e => ExampleMemoKey.For(runId, configuration, initialPrompt, e)).Distinct(StringComparer.Ordinal).ToList();
        var stored = await store.GetExampleResultsAsync(keys, cancellationToken);
        return (stored.Count, keys.Count);
    }
}
