using GpoPipeline.DecayScheduler;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Rendering;

/// <summary>A snapshot of a run for the live view: step, budget, scoring progress, best dev score, spend.</summary>
public sealed record RunProgress(RunRecord Run, int Scored, int Planned, long Calls, long Tokens, double Cost)
{
    public static async Task<RunProgress> ReadAsync(IRunStore store, RunRecord run, CancellationToken cancellationToken)
    {
        var usage = await store.GetUsageAsync(run.Id, cancellationToken);
        var step = run.Steps.LastOrDefault();
        int scored = 0, planned = 0;
        if (step is { Status: StepStatus.Scoring or StepStatus.Completed })
        {
            planned = ScoreBatchPlanner.Plan(run, step).Count;
            scored = (await store.GetBatchScoresAsync(run.Id, step.Step, cancellationToken)).Count;
        }

        return new RunProgress(run, scored, planned, usage.Sum(u => u.Calls), usage.Sum(u => u.InputTokens + u.OutputTokens), usage.Sum(u => u.Cost));
    }

    /// <summary>One short line for the progress bar of an 80-column terminal.</summary>
    public string DescribeCompact()
    {
        var run = Run;
        var step = run.Steps.LastOrDefault();
        var phase = step is null ? "starting"
            : step.Step == 0 ? "initial prompt"
            : step.Step > run.TotalSteps ? "test"
            : $"step {step.Step}/{run.TotalSteps}";
        var budget = step?.EditBudget is { } b ? $" · {b} words" : string.Empty;
        var work = step?.Status == StepStatus.Generating ? " · generating" : $" · {step?.Candidates.Count ?? 0} cand.";
        var best = run.BestDevScore is { } d ? $" · best {d * 100:0.0}%" : string.Empty;
        var spend = Cost > 0 ? $" · ${Cost:0.00}" : $" · {Calls} calls";
        return $"{phase}{budget}{work}{best}{spend}";
    }

    public string Describe()
    {
        var run = Run;
        var step = run.Steps.LastOrDefault();
        var phase = step is null ? "starting"
            : step.Step == 0 ? "scoring the initial prompt"
            : step.Step > run.TotalSteps ? "test evaluation"
            : $"step {step.Step}/{run.TotalSteps}";
        var budget = step?.EditBudget is { } b ? $" · budget {b} words" : string.Empty;
        var work = step?.Status == StepStatus.Generating ? " · generating candidates"
            : Planned > 0 ? $" · {step!.Candidates.Count} candidates, {Scored}/{Planned} batches" : string.Empty;
        var best = run.BestDevScore is { } d ? $" · best dev {d * 100:0.0}%" : string.Empty;
        return $"{phase}{budget}{work}{best} · {Calls} calls, {Tokens:N0} tokens, ${Cost:0.0000}";
    }
}
