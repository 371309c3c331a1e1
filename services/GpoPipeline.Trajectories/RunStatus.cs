namespace GpoPipeline.Trajectories;

public enum RunStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,

    /// <summary>The run's budget (calls, tokens or cost) ran out; everything so far is kept.</summary>
    StoppedBudget,
}
