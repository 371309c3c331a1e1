using GpoPipeline.Cli.Hosting;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using Spectre.Console;

namespace GpoPipeline.Cli.Rendering;

/// <summary>
/// Follows a run in the store until it ends, drawing a live view (a progress bar per step on a terminal, one
/// line per change otherwise). A Ctrl+C publishes CancelRun once and keeps following until the run says so.
/// </summary>
public sealed class RunFollower(IRunStore store, IAnsiConsole console, bool quiet)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public async Task<RunRecord> FollowAsync(Guid runId, CancelKeys keys, Func<CancelRun, Task> cancel, CancellationToken cancellationToken)
    {
        if (quiet || !console.Profile.Capabilities.Interactive)
        {
            return await FollowWithLinesAsync(runId, keys, cancel, cancellationToken);
        }

        RunRecord? final = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = 16 }, new PercentageColumn())
            .StartAsync(async context =>
            {
                var bars = new StepBars();
                var tasks = new Dictionary<int, ProgressTask>();
                await foreach (var progress in WatchAsync(runId, keys, cancel, cancellationToken))
                {
                    bars.Show(progress);
                    foreach (var bar in bars.Lines)
                    {
                        if (!tasks.TryGetValue(bar.Step, out var task))
                        {
                            task = tasks[bar.Step] = context.AddTask(Markup.Escape(bar.Description), maxValue: 1);
                        }

                        task.Description = Markup.Escape(bar.Description);
                        task.MaxValue = bar.MaxValue;
                        task.Value = bar.Value;
                    }

                    final = progress.Run;
                }
            });
        return final!;
    }

    private async Task<RunRecord> FollowWithLinesAsync(Guid runId, CancelKeys keys, Func<CancelRun, Task> cancel, CancellationToken cancellationToken)
    {
        RunRecord? final = null;
        string? phase = null;
        var lastShown = -1;
        await foreach (var progress in WatchAsync(runId, keys, cancel, cancellationToken))
        {
            // One line per phase change keeps logs and pipes readable.
            var step = progress.Run.Steps.LastOrDefault();
            var current = $"{step?.Step}/{step?.Status}/{progress.Run.Status}";
            if (!quiet && current != phase)
            {
                foreach (var missed in progress.Missed(lastShown))
                {
                    console.WriteLine(missed.Describe());
                }

                console.WriteLine(progress.Describe());
                lastShown = step?.Step ?? lastShown;
            }

            phase = current;
            final = progress.Run;
        }

        return final!;
    }

    private async IAsyncEnumerable<RunProgress> WatchAsync(
        Guid runId, CancelKeys keys, Func<CancelRun, Task> cancel, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cancelSent = false;
        while (true)
        {
            var run = await store.GetRunAsync(runId, cancellationToken);
            if (run is not null)
            {
                yield return await RunProgress.ReadAsync(store, run, cancellationToken);
                if (run.Status is not (RunStatus.Running or RunStatus.Pending))
                {
                    yield break;
                }
            }

            // Only once the run exists: a CancelRun that arrives before StartRun is taken would be dropped.
            if (keys.Requested && !cancelSent && run is not null)
            {
                cancelSent = true;
                await cancel(new CancelRun { RunId = runId, Reason = StopSignal.CancelReason });
            }

            await Task.WhenAny(Task.Delay(Poll, cancellationToken), cancelSent || keys.Requested ? Task.Delay(Poll, cancellationToken) : keys.WhenRequested);
        }
    }
}
