namespace GpoPipeline.Cli.Rendering;

/// <summary>One line of the live view: a step, what it says, and how full its bar is.</summary>
public sealed class StepBar(int step)
{
    public int Step { get; } = step;
    public string Description { get; internal set; } = "starting";
    public double Value { get; internal set; }
    public double MaxValue { get; internal set; } = 1;
}

/// <summary>
/// The live view's lines, one per step, from the polls of the run: the newest step's line follows its scoring, a step
/// the view has moved past is drawn full with what it ended with (its candidates, not the "generating" of the last
/// poll that saw it running), and a step that began and ended between two polls still gets its line (issue 18).
/// </summary>
public sealed class StepBars
{
    private readonly SortedDictionary<int, StepBar> bars = [];

    /// <summary>Every line so far, oldest step first.</summary>
    public IReadOnlyCollection<StepBar> Lines => bars.Values;

    public void Show(RunProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        foreach (var missed in progress.Missed(bars.Count == 0 ? -1 : bars.Keys.Max()))
        {
            Finish(bars[missed.Focus!.Step] = new StepBar(missed.Focus.Step), progress);
        }

        var step = progress.Run.Steps.LastOrDefault()?.Step ?? 0;
        if (!bars.TryGetValue(step, out var bar))
        {
            foreach (var earlier in bars.Values.Where(b => b.Value < b.MaxValue))
            {
                Finish(earlier, progress);
            }

            bar = bars[step] = new StepBar(step);
        }

        bar.Description = progress.DescribeCompact();
        bar.MaxValue = Math.Max(1, progress.Planned);
        bar.Value = progress.Scored;
    }

    private static void Finish(StepBar bar, RunProgress progress)
    {
        if (progress.Finished(bar.Step) is { } finished)
        {
            bar.Description = finished.DescribeCompact();
        }

        bar.Value = bar.MaxValue;
    }
}
