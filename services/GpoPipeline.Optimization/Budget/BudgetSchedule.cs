namespace GpoPipeline.Optimization.Budget;

/// <summary>Edit-distance ("learning rate") schedules of spec §3.2.</summary>
public enum BudgetSchedule
{
    /// <summary>No control: the learning-rate sentence is left out of the meta-prompt.</summary>
    None,
    Fixed,
    Linear,

    /// <summary>GPO's choice (spec §3.2).</summary>
    Cosine,
}
