using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Issue 15 point 3: a step whose replies give no usable candidate keeps the current prompt and the run goes on (the
/// official code never fails here, optimize.py lines 39-49); before, three rejected rounds failed the run.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class KeptCurrentPrompt_Specs
{
    [Fact]
    public async Task When_every_optimizer_reply_lacks_its_tags_in_production_Should_complete_the_run_keeping_the_current_prompt()
    {
        // Every sim-optimizer reply is malformed: a missing <END>, or empty tags (the simulator, a test instrument).
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1, simulator: o => o.MalformedRate = 1.0);
        var settings = PipelineCluster.SmallRun("navigate");

        var run = await cluster.WaitAsync(await cluster.StartRunAsync(settings), seconds: 180);

        Assert.True(run.Status == RunStatus.Completed, $"run ended {run.Status}: {run.FailureReason}");
        Assert.Equal(settings.Steps + 1, run.Trajectory.Count);
        Assert.All(run.Trajectory, t => Assert.Equal(settings.InitialPrompt, t.Prompt));
        var steps = run.Steps.Where(s => s.Step >= 1 && s.Step <= run.TotalSteps).ToList();
        Assert.All(steps, s => Assert.Equal(KeptCurrentPrompt.Note, s.Note));
        Assert.All(steps, s => Assert.Contains(s.Rejections, r => r.Contains("tag", StringComparison.Ordinal)));
        Assert.Equal(run.Trajectory[0].DevScore, run.BestDevScore);
    }
}
