using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>
/// Runs every cell at once on one pipeline (the workers interleave their steps) and waits until each has settled.
/// A cell already in the store is not started again: a completed one is reused, any other is resumed. Cancelling
/// stops the running cells cleanly; the same command (or --resume) continues them.
/// </summary>
public static class ComparisonRunner
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    // A StartRun the scheduler never turned into a run (refused or lost) must not keep the command waiting forever.
    private static readonly TimeSpan NeverCreated = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<RunRecord>> RunAsync(
        EmbeddedPipeline pipeline, IReadOnlyList<ComparisonCell> cells, Printer printer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(cells);
        var before = new Dictionary<Guid, long?>();
        foreach (var cell in cells)
        {
            var existing = await pipeline.Store.GetRunAsync(cell.RunId, CancellationToken.None);
            before[cell.RunId] = existing?.Version;
            if (existing is null)
            {
                await pipeline.PublishAsync(cell.Start, CancellationToken.None);
            }
            else if (existing.Status != RunStatus.Completed)
            {
                printer.Line($"resuming {cell.Method} on {cell.Task} ({RunSummary.StatusText(existing.Status)})");
                await pipeline.PublishAsync(new ResumeRun { RunId = cell.RunId, MaxCalls = cell.Start.Settings.MaxCalls }, CancellationToken.None);
            }
            else
            {
                before[cell.RunId] = null; // nothing to wait for
            }
        }

        var cancelled = false;
        var since = DateTime.UtcNow;
        while (true)
        {
            var runs = new List<RunRecord>();
            foreach (var cell in cells)
            {
                runs.Add(await pipeline.Store.GetRunAsync(cell.RunId, CancellationToken.None)
                    ?? new RunRecord { Id = cell.RunId, Status = RunStatus.Pending, Task = cell.Task });
            }

            var gaveUp = DateTime.UtcNow - since > NeverCreated;
            if (runs.All(r => Settled(r, before[r.Id]) || (gaveUp && r.Version == 0 && r.Status == RunStatus.Pending)))
            {
                return runs;
            }

            if (cancellationToken.IsCancellationRequested && !cancelled)
            {
                cancelled = true;
                foreach (var run in runs.Where(r => r.Status is RunStatus.Running or RunStatus.Pending))
                {
                    await pipeline.PublishAsync(new CancelRun { RunId = run.Id, Reason = "gpo compare was stopped" }, CancellationToken.None);
                }
            }

            await Task.Delay(Poll, CancellationToken.None);
        }
    }

    // A resumed cell shows its old status until the scheduler takes the ResumeRun: it counts once its version moved.
    private static bool Settled(RunRecord run, long? versionBefore) =>
        run.Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled or RunStatus.StoppedBudget
        && (versionBefore is null || run.Version > versionBefore);
}
