using GpoPipeline.Cli.Rendering;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Hosting;

/// <summary>Starts (or resumes) a run on a started pipeline, follows it to its end and prints the outcome.</summary>
public static class RunSession
{
    public static async Task<int> DriveAsync(
        EmbeddedPipeline pipeline, Printer printer, Guid runId, object command, string? reportDirectory, CancellationToken cancellationToken)
    {
        using var keys = new CancelKeys();
        await pipeline.PublishAsync(command, cancellationToken);
        var follower = new RunFollower(pipeline.Store, printer.Console, quiet: printer.Json);
        var run = await follower.FollowAsync(runId, keys, cancel => pipeline.PublishAsync(cancel, cancellationToken), cancellationToken);

        string? report = null;
        if (reportDirectory is not null && run.Trajectory.Count > 0)
        {
            report = await Reports.ReportFiles.WriteAsync(pipeline.Store, run, reportDirectory, cancellationToken);
        }

        var summary = await RunSummary.ReadAsync(pipeline.Store, run, report, cancellationToken);
        printer.Summary(summary);
        if (run.Status is RunStatus.Cancelled or RunStatus.StoppedBudget or RunStatus.Failed && !printer.Json)
        {
            printer.Line($"resume with: [bold]gpo resume {run.Id}[/]");
        }

        return summary.ExitCode;
    }

    public static StartRun Start(RunSettings settings) => new() { RunId = Guid.NewGuid(), Settings = settings };
}
