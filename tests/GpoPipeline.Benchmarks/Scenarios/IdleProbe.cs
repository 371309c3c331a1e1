using System.Globalization;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>
/// How idle the whole machine was during a run's scoring phases (Linux `/proc/stat`, sampled every 5 ms): tells a
/// CPU-bound figure (idle near 0) from one that waits on something (the store's commits, the window, the broker).
/// </summary>
public sealed class IdleProbe : IAsyncDisposable
{
    private const string Stat = "/proc/stat";
    private readonly List<(DateTime At, long Idle, long Total)> samples = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;

    public IdleProbe() => sampling = File.Exists(Stat) ? Task.Run(SampleAsync) : Task.CompletedTask;

    private async Task SampleAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            // cpu  user nice system idle iowait irq softirq steal ...
            var ticks = (await File.ReadAllLinesAsync(Stat)).First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Skip(1).Take(8).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            lock (samples)
            {
                samples.Add((DateTime.UtcNow, ticks[3] + ticks[4], ticks.Sum()));
            }

            try
            {
                await Task.Delay(5, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>"idle N % while scoring", or an empty string where /proc/stat does not exist.</returns>
    public string IdleWhileScoring(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        (DateTime At, long Idle, long Total)[] taken;
        lock (samples)
        {
            taken = [.. samples];
        }

        double idle = 0, total = 0;
        foreach (var step in run.Steps.Where(s => s.Step >= 1 && s.Step <= run.TotalSteps && s.CompletedAt is not null))
        {
            var from = step.ScoringStartedAt ?? step.StartedAt;
            var inside = taken.Where(x => x.At >= from && x.At <= step.CompletedAt).ToArray();
            if (inside.Length >= 2)
            {
                idle += inside[^1].Idle - inside[0].Idle;
                total += inside[^1].Total - inside[0].Total;
            }
        }

        return total > 0 ? string.Create(CultureInfo.InvariantCulture, $"; machine idle {100 * idle / total:0} % while scoring") : "";
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }
}
