using System.Text.Json;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.SimulatedLlm;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

public sealed class Resume_Specs
{
    private static readonly string[] Config = ["demo", "--steps", "3", "--candidates", "3", "--max-dev", "16", "--max-test", "8", "--seed", "4"];

    [Fact]
    public async Task When_a_cancelled_run_is_resumed_Should_complete_with_no_repeated_paid_call()
    {
        using var reference = new TempStore();
        using var interrupted = new TempStore();
        var whole = await GpoRun.ExecuteAsync([.. Config, "--store", reference.Path, "--json"]);
        var wholeId = JsonDocument.Parse(whole.Stdout).RootElement.GetProperty("runId").GetGuid();

        // Cancel (as a first Ctrl+C does) while the run provably cannot finish: the simulator answers the first
        // 80 requests (the baseline and part of step 1) and holds every later one, so the run waits mid-way; only
        // then is the cancel sent, and the hold opens once the run says it is cancelled. No timer decides the outcome.
        var hold = new RequestHold();
        hold.CloseAfter(80);
        SimulatedModels.AdjustInThisFlow(options => options.Hold = hold);
        using var cancel = new CancellationTokenSource();
        var stdout = new StringWriter();
        var output = TextWriter.Synchronized(stdout);
        // The synchronized writer locks on itself; read the text under the same lock while the run writes to it.
        string Printed()
        {
            lock (output)
            {
                return stdout.ToString();
            }
        }

        var demo = GpoPipeline.Cli.GpoApp.RunAsync([.. Config, "--store", interrupted.Path], output, TextWriter.Null, cancel.Token);
        await hold.WhenHoldingAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await cancel.CancelAsync();
        while (!Printed().Contains("resume with:", StringComparison.Ordinal))
        {
            Assert.False(demo.IsCompleted, $"the run ended without offering a resume:\n{Printed()}");
            await Task.Delay(20);
        }

        hold.Open();
        var cancelledCode = await demo;
        var runId = Guid.Parse(Printed().Split("run ")[1][..36]);
        var cancelled = await interrupted.RunAsync(runId);
        var resumed = await GpoRun.ExecuteAsync("resume", runId.ToString(), "--store", interrupted.Path, "--json");

        Assert.Equal(4, cancelledCode);
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.True(resumed.ExitCode == 0, resumed.Stdout);
        var finished = await interrupted.RunAsync(runId);
        var expected = await reference.RunAsync(wholeId);
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(expected.Trajectory.Select(t => t.Prompt), finished.Trajectory.Select(t => t.Prompt));

        // The same seeds make the same calls: interrupted + resumed paid for exactly what one whole run paid for.
        var paid = (await interrupted.UsageAsync(runId)).Sum(u => u.Calls);
        var paidOnce = (await reference.UsageAsync(wholeId)).Sum(u => u.Calls);
        Assert.Equal(paidOnce, paid);
    }
}
