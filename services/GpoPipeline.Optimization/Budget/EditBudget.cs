namespace GpoPipeline.Optimization.Budget;

/// <summary>
/// Words the optimizer may change at a step (spec §3.2), reproducing the code: s = len(trajectory)
/// (already 1 at the first step), T = total steps, and Python int() truncation toward zero.
/// </summary>
public static class EditBudget
{
    /// <returns>The budget, or null when the schedule is <see cref="BudgetSchedule.None"/>.</returns>
    public static int? For(EditBudgetOptions options, int trajectoryLength, int totalSteps)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (totalSteps < 1 || totalSteps <= options.WarmupSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps,
                $"Total steps must be at least 1 and more than the {options.WarmupSteps} warm-up steps.");
        }

        double s = trajectoryLength, t = totalSteps, w = options.WarmupSteps, n0 = options.Initial, nmin = options.Minimum;
        if (options.Schedule == BudgetSchedule.None)
        {
            return null;
        }

        if (w > 0 && s < w)
        {
            return Truncate(n0 * s / w); // spec §3.2 warm-up: linear ramp while s < W
        }

        return options.Schedule switch
        {
            BudgetSchedule.Fixed => options.Initial,
            BudgetSchedule.Linear => Truncate(n0 - ((n0 - nmin) / (t - w) * (s - w))),
            _ => Truncate(nmin + ((n0 - nmin) * CosineDecay((s - w) / (t - w)))),
        };
    }

    // consine.py lines 18-19 and 22-23 (txy77/GPO @1f56a10): the fraction s/T is computed first and then
    // multiplied by π. cos(π·s/T) rounds differently and truncated T=39, s=26 to 19 instead of the code's 20.
    private static double CosineDecay(double decayed) => 0.5 * (1 + Math.Cos(Math.PI * decayed));

    private static int Truncate(double value) => (int)Math.Truncate(value);
}
