using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Tests;

public class Trajectory_Specs
{
    [Fact]
    public void When_started_Should_hold_the_seed_as_current_and_picked()
    {
        var t = Trajectory.Start("Let's think step by step.", 0.25);
        Assert.Equal(("Let's think step by step.", 1), (t.Current.Prompt, t.Count));
        Assert.True(t.WasPicked("let's  think step by step."));
    }

    [Fact]
    public void When_appending_Should_return_a_new_trajectory_and_leave_the_old_one_unchanged()
    {
        var t0 = Trajectory.Start("p0", 0.1);
        var t1 = t0.Append(new TrajectoryEntry("p1", 0.2, 1));
        Assert.Equal((1, 2, "p1"), (t0.Count, t1.Count, t1.Current.Prompt));
        Assert.False(t0.WasPicked("p1"));
        Assert.True(t1.WasPicked("P1"));
    }

    [Fact]
    public void When_built_from_no_entries_Should_explain_that_the_seed_is_needed()
    {
        var e = Assert.Throws<ArgumentException>(() => Trajectory.FromEntries([]));
        Assert.Contains("initial prompt", e.Message, StringComparison.Ordinal);
    }
}
