using System.Text.Json;
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

        // Cancel (as a first Ctrl+C does) once step 1 is under way, then resume. (Waiting for step 2 left too little
        // of this small run: with the faster store it sometimes finished before the cancel landed.)
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
        while (!demo.IsCompleted && !Printed().Contains("step 1/3", StringComparison.Ordinal))
        {
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        var cancelledCode = await demo;
        var runId = Guid.Parse(Printed().Split("run ")[1][..36]);
        var cancelled = await interrupted.RunAsync(runId);
        var resumed = await GpoRun.ExecuteAsync("resume", runId.ToString(), "--store", interrupted.Path, "--json");

        Assert.Equal(4, cancelledCode);
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.Trajectory.Count < 4, "the run was cancelled before its end");
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
