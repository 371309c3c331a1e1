using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>
/// The answers a step's probes gave on its training minibatch, read back from the memo the scorers' replies filled
/// (every answer is memoized under its <see cref="ExampleMemoKey"/>): what ProTeGi's error string, PE2's
/// examination and the GPO code's feedback are written from. An example counts as correct only with full score
/// (1 for the accuracy tasks; a ROUGE-L below 1 is an error to reason over).
/// </summary>
public static class MinibatchAnswers
{
    /// <param name="train">The run's train split.</param>
    /// <param name="memo">Memoized results by key; every key of <see cref="Keys"/> must be present.</param>
    /// <exception cref="InvalidOperationException">An answer is missing: the minibatch phase closed before it was recorded.</exception>
    public static IReadOnlyList<MinibatchResults> For(
        RunRecord run, StepRecord step, IReadOnlyList<Example> train, IReadOnlyDictionary<string, ExampleResultRecord> memo)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(memo);
        return [.. step.Probes.Select(probe => new MinibatchResults
        {
            Prompt = probe.Prompt,
            Answers = [.. step.MinibatchExamples.Select(index =>
            {
                var example = train[index];
                var key = ExampleMemoKey.For(run.Id, run.Configuration!, probe.Prompt, example);
                var result = memo.GetValueOrDefault(key)
                    ?? throw new InvalidOperationException($"Run {run.Id} step {step.Step}: no recorded answer of probe {probe.Index} on train example {index}.");
                return new MinibatchAnswer
                {
                    Index = index, Input = example.Input, Output = result.Answer, Label = example.References.Count > 0 ? example.References[0] : string.Empty,
                    Correct = result.Score >= 1,
                };
            })],
        })];
    }

    /// <summary>Every memo key the step's probes × minibatch examples are stored under.</summary>
    public static IReadOnlyList<string> Keys(RunRecord run, StepRecord step, IReadOnlyList<Example> train)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(train);
        return [.. step.Probes.SelectMany(p => step.MinibatchExamples.Select(i => ExampleMemoKey.For(run.Id, run.Configuration!, p.Prompt, train[i])))];
    }
}
