namespace GpoPipeline.Cli.Comparisons;

/// <summary>
/// Equal call budgets (issue 17): every runnable method asks the optimizer for the same number of candidates per
/// step and scores each on the same dev examples, so a step costs the same for all of them and a budget of N
/// optimizer + scorer calls is a number of steps. A scored example counts as its most task-model calls: two when
/// the run may ask the second, format-forcing round (the production profile asks it only when the first answer
/// needs it, so fewer are paid; the report shows those as paid calls). Embedding calls (relevance retrieval) are
/// not counted: they are GPO's retrieval, one per step, and reported with the cost.
/// </summary>
public sealed record ComparisonBudget(int DevExamples, int Candidates, bool TwoRounds)
{
    /// <summary>Task-model calls counted per scored example: at most two (the second, format-forcing turn, spec §5.3).</summary>
    public int Rounds => TwoRounds ? 2 : 1;

    /// <summary>Step 0: the seed prompt scored on dev.</summary>
    public long Baseline => (long)DevExamples * Rounds;

    /// <summary>One optimization step: the optimizer's candidates, then each scored on dev.</summary>
    public long PerStep => Candidates + ((long)Candidates * DevExamples * Rounds);

    public long CallsFor(int steps) => Baseline + (steps * PerStep);

    /// <exception cref="UserInputException">The budget does not pay for one step.</exception>
    public int StepsFor(long calls, string task) =>
        calls >= CallsFor(1)
            ? (int)((calls - Baseline) / PerStep)
            : throw new UserInputException(
                $"--calls {calls}: below one step on {task} ({Baseline} calls to score the seed prompt on {DevExamples} dev examples + {PerStep} per step); use at least {CallsFor(1)}.");
}
