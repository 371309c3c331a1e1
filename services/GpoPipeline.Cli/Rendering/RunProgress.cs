using System.Globalization;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Rendering;

/// <summary>
/// A snapshot of a run for the live view: step, budget, scoring progress, best dev score, spend, and the requests
/// model calls were retried with (429s, 5xx, timeouts): without them a run whose endpoint keeps failing looked stalled.
/// </summary>
public sealed record RunProgress(RunRecord Run, int Scored, int Planned, long Calls, long Tokens, double Cost, long Retries = 0)
{
    public static async Task<RunProgress> ReadAsync(IRunStore store, RunRecord run, CancellationToken cancellationToken)
    {
        var usage = await store.GetUsageAsync(run.Id, cancellationToken);
        var totals = RunTotals.From(usage);
        var step = run.Steps.LastOrDefault();
        int scored = 0, planned = 0;
        if (step is { Status: StepStatus.Scoring or StepStatus.Completed })
        {
            planned = StepSplits.Batches(run, step).Count;
            scored = (await store.GetBatchScoresAsync(run.Id, step.Step, cancellationToken)).Count;
        }

        return new RunProgress(run, scored, planned, totals.Calls, totals.Tokens, totals.Cost, RetriesOf(usage));
    }

    /// <summary>
    /// HTTP requests beyond one per paid call, from the same counters as the spend: a call is counted once its answer
    /// is recorded (a scored batch, a generation), so retries show as the replies they delayed arrive. A counter from a
    /// worker that does not report attempts (0) adds none.
    /// </summary>
    public static long RetriesOf(IEnumerable<UsageRecord> usage) =>
        usage.Sum(record => Math.Max(0, record.Attempts - record.Calls));

    /// <summary>The step a line describes: the run's newest, or an earlier one the view has not shown yet.</summary>
    public StepRecord? Focus { get; init; }

    private StepRecord? Current => Focus ?? Run.Steps.LastOrDefault();

    /// <summary>Steps the view has not drawn yet, older than the newest: a poll can miss a whole step (issue 18).</summary>
    public IEnumerable<RunProgress> Missed(int lastShownStep) =>
        Run.Steps.Where(s => s.Step > lastShownStep && s != Run.Steps[^1]).Select(Finished);

    /// <summary>A step the run has moved past, described as it ended; null for a step the run does not hold.</summary>
    public RunProgress? Finished(int step) => Run.Steps.FirstOrDefault(s => s.Step == step) is { } record ? Finished(record) : null;

    private RunProgress Finished(StepRecord step) => this with { Focus = step, Scored = 1, Planned = 1 };

    /// <summary>One short line for the progress bar of an 80-column terminal.</summary>
    public string DescribeCompact()
    {
        var step = Current;
        var work = step?.Status switch
        {
            StepStatus.Generating => " · generating",
            StepStatus.ScoringMinibatch => $" · minibatch {step.MinibatchExamples.Count}",
            _ => $" · {step?.Candidates.Count ?? 0} cand.",
        };
        var spend = Cost > 0 ? $" · ${Cost:0.00}" : $" · {Calls} calls";
        return $"{Phase("initial prompt", "test")}{Budget(" · {0} words")}{work}{Best(" · best {0:0.0}%")}{spend}{RetriesText}";
    }

    /// <summary>One full line per phase for logs and pipes.</summary>
    public string Describe()
    {
        var step = Current;
        var work = step?.Status == StepStatus.Generating ? " · generating candidates"
            : Planned > 0 ? $" · {step!.Candidates.Count} candidates, {Scored}/{Planned} batches" : string.Empty;
        return $"{Phase("scoring the initial prompt", "test evaluation")}{Budget(" · budget {0} words")}{work}{Best(" · best dev {0:0.0}%")}"
            + $" · {Calls} calls, {Tokens:N0} tokens, ${Cost:0.0000}{RetriesText}";
    }

    private string RetriesText => Retries > 0 ? string.Create(CultureInfo.InvariantCulture, $" · retries: {Retries:N0}") : string.Empty;

    private string Phase(string initial, string test)
    {
        var step = Current;
        return step is null ? "starting"
            : step.Step == 0 ? initial
            : step.Step > Run.TotalSteps ? test
            : $"step {step.Step}/{Run.TotalSteps}";
    }

    private string Budget(string format) =>
        Current?.EditBudget is { } budget ? string.Format(CultureInfo.InvariantCulture, format, budget) : string.Empty;

    private string Best(string format) =>
        Run.BestDevScore is { } best ? string.Format(CultureInfo.InvariantCulture, format, best * 100) : string.Empty;
}
