using GpoPipeline.SimulatedLlm;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

/// <summary>Issue 18: SIGTERM (containers, systemd, CI) stops like a first Ctrl+C: after the calls in flight, resumable, exit 4.</summary>
public sealed class Signals_Specs
{
    [Fact]
    public async Task When_optimize_gets_SIGTERM_mid_run_Should_stop_cleanly_resumable_with_exit_4()
    {
        await using var endpoint = await RealEndpoint.StartAsync();
        using var store = new TempStore();
        // The endpoint holds every answer, so the run is mid-step for as long as the spec needs: no race with its end.
        var hold = new RequestHold();
        endpoint.Server.Options.Hold = hold;
        hold.Close();
        await using var gpo = GpoProcess.Start(RealEndpoint.Environment, endpoint.Optimize(store.Path));
        var started = await gpo.WaitForLineAsync("run ");

        await gpo.SignalAsync("TERM");
        var stopped = await gpo.WaitForLineAsync("resume with: ");
        hold.Open(); // the calls in flight finish, then the process leaves
        var result = await gpo.WaitForExitAsync();

        Assert.NotNull(started);
        Assert.True(stopped is not null, result.Stdout + result.Stderr);
        Assert.Equal(4, result.ExitCode);
        var run = await store.RunAsync(Guid.Parse(started!.Trim()["run ".Length..]));
        Assert.Equal(RunStatus.Cancelled, run.Status);
    }

    [Fact]
    public async Task When_sim_gets_SIGTERM_Should_stop_serving_and_exit()
    {
        await using var sim = GpoProcess.Start(null, "sim", "--port", "0", "--data", Repo.Data("bbh/navigate/dev.jsonl"), "--latency", "5", "--fault-rate", "0.1");
        var serving = await sim.WaitForLineAsync("serving ");

        await sim.SignalAsync("TERM");
        var result = await sim.WaitForExitAsync();

        Assert.True(serving is not null, result.Stderr);
        Assert.Equal(0, result.ExitCode);
    }
}
