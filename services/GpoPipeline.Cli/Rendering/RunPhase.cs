using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Rendering;

/// <summary>Where a run is, by name: the scheduler counts the test evaluation as step totalSteps + 1.</summary>
public static class RunPhase
{
    public static string Of(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.CurrentStep switch
        {
            _ when run.Status == RunStatus.Completed => "finished",
            0 => "initial prompt",
            var step when step > run.TotalSteps => "test",
            _ => "optimization",
        };
    }
}
