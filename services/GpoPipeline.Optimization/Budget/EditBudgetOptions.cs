namespace GpoPipeline.Optimization.Budget;

/// <summary>Word-budget settings; defaults are GPO's (spec §3.2: cosine, 50 → 10, no warm-up).</summary>
public sealed record EditBudgetOptions
{
    public BudgetSchedule Schedule { get; init; } = BudgetSchedule.Cosine;

    /// <summary>N0, words allowed at the start (and always, for <see cref="BudgetSchedule.Fixed"/>).</summary>
    public int Initial { get; init; } = 50;

    /// <summary>Nmin, words allowed at the last step.</summary>
    public int Minimum { get; init; } = 10;

    /// <summary>W: 0 disables warm-up (GPO); otherwise a linear ramp while s &lt; W.</summary>
    public int WarmupSteps { get; init; }
}
