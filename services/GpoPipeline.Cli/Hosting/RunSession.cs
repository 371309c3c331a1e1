using GpoPipeline.Cli.Rendering;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using Spectre.Console;

namespace GpoPipeline.Cli.Hosting;

/// <summary>Starts (or resumes) a run on a started pipeline, follows it to its end and prints the outcome.</summary>
public static class RunSession
{
    public static async Task<int> DriveAsync(
        EmbeddedPipeline pipeline, Printer printer, Guid runId, object command, string? reportDirectory, string? store, CancellationToken cancellationToken)
    {
        // Cancelling the command (tests, hosts) asks for the same clean stop as a first Ctrl+C; from here on the
        // session itself waits for the run to settle, so it does not pass the token further down.
        var keys = new CancelKeys();
        using var registration = cancellationToken.Register(keys.Request);
        var before = (await pipeline.Store.GetRunAsync(runId, CancellationToken.None))?.Version;
        await pipeline.PublishAsync(command, CancellationToken.None);
        if (before is not null)
        {
            // A resumed run still shows its old status until the scheduler takes the command.
            await WaitForChangeAsync(pipeline.Store, runId, before.Value);
        }

        var follower = new RunFollower(pipeline.Store, printer.Console, quiet: printer.Json);
        var run = await follower.FollowAsync(runId, keys, cancel => pipeline.PublishAsync(cancel, CancellationToken.None), CancellationToken.None);
        cancellationToken = CancellationToken.None;

        string? report = null;
        if (reportDirectory is not null && run.Trajectory.Count > 0)
        {
            report = await Reports.ReportFiles.WriteAsync(pipeline.Store, run, reportDirectory, cancellationToken);
        }

        var summary = await RunSummary.ReadAsync(pipeline.Store, run, report, cancellationToken);
        printer.Summary(summary);
        if (run.Status is RunStatus.Cancelled or RunStatus.StoppedBudget or RunStatus.Failed && !printer.Json)
        {
            printer.Line($"resume with: [bold]{Markup.Escape(ResumeLine.For(run.Id, store))}[/]");
            if (run.Status == RunStatus.StoppedBudget)
            {
                // Resumed as it is, it stops again at once: its limit is spent (the CLI audit).
                printer.Line("add a higher limit than the one reached: --max-calls, --max-cost or --max-tokens");
            }
        }

        return summary.ExitCode;
    }

    private static async Task WaitForChangeAsync(IRunStore store, Guid runId, long version)
    {
        for (var waited = 0; waited < 600; waited++)
        {
            if ((await store.GetRunAsync(runId, CancellationToken.None))?.Version > version)
            {
                return;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        throw new UserInputException($"Run {runId} did not take the command within 30 s; is it already completed, or driven by another process?");
    }

    /// <summary>The StartRun of a new run, carrying its dataset (read and validated here, once).</summary>
    public static StartRun Start(RunSettings settings) => Preflight.Check(settings).Start;
}
