using GpoPipeline.Optimization.Strategies;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>
/// Equal call budgets (issue 17): a budget of N optimizer + scorer calls becomes, per method, the most steps whose
/// calls fit in N. A step costs the method's optimizer calls (its reflections, e.g. ProTeGi's gradients, then its
/// candidates), one task-model call per dev example per candidate, and for the methods that read errors one call
/// per training-minibatch example per beam prompt. A scored example counts as one call: the second, format-forcing
/// round (spec §5.3) is asked only when the first answer needs it, and the report shows those as paid calls. A
/// step may end up to one scoring batch (<see cref="Slack"/>) past N, so every method spends N ± one batch when its
/// steps are small, and at worst less than one of its own steps below N (a ProTeGi step scores up to 4 beam prompts
/// on the minibatch). Embedding calls (relevance retrieval) are not counted: they are GPO's retrieval, one per step,
/// and reported with the cost.
/// </summary>
/// <param name="Slack">Calls a method may end past the budget: one batch of the run's BatchSize (the paper's training
/// batch, 8 by default; not the scheduler's message size, Scheduler:ExamplesPerScoreBatch).</param>
public sealed record ComparisonBudget(int DevExamples, int Candidates, string Method = PipelineMethods.Default, int TrainExamples = 0, int Slack = 0)
{
    private readonly IOptimizerStrategy strategy = StrategyCatalog.Create(Method);

    /// <summary>Step 0: the seed prompt scored on dev.</summary>
    public long Baseline => DevExamples;

    /// <summary>
    /// Optimization step <paramref name="step"/> (1-based). ProTeGi's beam holds the seed at step 1 and then up to 4
    /// prompts: the old beam plus each step's new candidates (BeamSelection), each scored on the minibatch.
    /// </summary>
    public long StepCost(int step)
    {
        var beam = (int)Math.Min(strategy.BeamWidth, 1 + ((long)Candidates * (step - 1)));
        var minibatch = strategy.MinibatchSize > 0 ? (long)beam * Math.Min(strategy.MinibatchSize, TrainExamples) : 0;
        return strategy.MaxCallsPerStep(beam, Candidates) + ((long)Candidates * DevExamples) + minibatch;
    }

    public long CallsFor(int steps) => Baseline + Enumerable.Range(1, Math.Max(0, steps)).Sum(StepCost);

    /// <exception cref="UserInputException">The budget does not pay for one step.</exception>
    public int StepsFor(long calls, string task)
    {
        if (calls + Slack < CallsFor(1))
        {
            throw new UserInputException(
                $"--calls {calls}: below one step of {Method} on {task} ({Baseline} calls to score the seed prompt on {DevExamples} dev examples + {StepCost(1)} for its first step); use at least {CallsFor(1) - Slack}.");
        }

        var steps = 1;
        while (CallsFor(steps + 1) <= calls + Slack)
        {
            steps++;
        }

        return steps;
    }
}
