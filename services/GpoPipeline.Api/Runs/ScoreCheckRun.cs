using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Turns a task's StartRun into a score check: 0 optimization steps, and dev and test both the newest examples, so
/// the scheduler scores the champion (the initial prompt) on them once — the test step finds every answer in its
/// memo — and no optimizer model is called. The scorers do the work over the bus; the API calls no model.
/// </summary>
public static class ScoreCheckRun
{
    public static StartRun Of(StartRun start, IEnumerable<DatasetExample> newest)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(start.Dataset);
        IReadOnlyList<ExampleData> examples = [.. newest.Select((e, i) => new ExampleData { Index = i, Input = e.Input, References = [.. e.References] })];
        var splits = new Dictionary<string, IReadOnlyList<ExampleData>>(start.Dataset.Splits, StringComparer.Ordinal)
        {
            [Split.Train] = examples, [Split.Dev] = examples, [Split.Test] = examples,
        };
        return start with
        {
            Settings = start.Settings with { Steps = 0, MaxDevExamples = null, MaxTestExamples = null },
            Dataset = start.Dataset with { Splits = splits },
        };
    }
}
