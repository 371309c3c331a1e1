using System.Diagnostics;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using MassTransit;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// Closes a step once every (candidate, batch) is scored: picks the next prompt (spec §1.3.7), appends it
/// to the trajectory, opens the next step with its edit budget (spec §3.2) or the final test evaluation.
/// </summary>
public sealed class StepAdvancer(IRunStore store, RunUpdater updater, SchedulerMetrics metrics, RunTelemetry telemetry, TimeProvider clock)
{
    public async Task AdvanceIfCompleteAsync(RunRecord run, int stepNumber, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        var step = run.Steps.LastOrDefault();
        if (run.Status != RunStatus.Running || step is null || step.Step != stepNumber || step.Status != StepStatus.Scoring)
        {
            return;
        }

        var scores = await store.GetBatchScoresAsync(run.Id, stepNumber, cancellationToken);
        if (ScoreBatchPlanner.Missing(run, step, scores).Count > 0)
        {
            return;
        }

        var split = ScoreBatchPlanner.SplitOf(run, stepNumber);
        var means = scores.Where(s => s.Split == split)
            .GroupBy(s => s.CandidateIndex)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Score) / Math.Max(1, g.Sum(s => s.Total)));

        var now = clock.GetUtcNow().UtcDateTime;
        var (updated, changed) = await updater.UpdateAsync(run.Id, r =>
        {
            var current = r.Steps.LastOrDefault();
            if (r.Status != RunStatus.Running || current is null || current.Step != stepNumber || current.Status != StepStatus.Scoring)
            {
                return false;
            }

            RunProgression.CloseStep(r, current, means, now);
            return true;
        }, cancellationToken);

        if (!changed)
        {
            return;
        }

        telemetry.StepClosed(updated!, stepNumber);
        await PublishProgressAsync(updated!, stepNumber, bus, cancellationToken);
    }

    public async Task PublishStepStartedAsync(RunRecord run, StepRecord step, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        using var scope = RunTracing.StepStarted(run.Id, run.Task, step.Step, run.TotalSteps, step.EditBudget, run.RunTraceParent);
        await bus.Publish(new StepStarted
        {
            RunId = run.Id, Step = step.Step, TotalSteps = run.TotalSteps, EditBudget = step.EditBudget,
        }, cancellationToken);
        await RememberTraceAsync(run.Id, step.Step, scope.TraceId, cancellationToken);
    }

    /// <summary>RunCompleted for every terminal outcome that keeps results (completed, stopped on budget).</summary>
    public async Task PublishOutcomeAsync(RunRecord run, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        metrics.RunsFinished.Add(1, new KeyValuePair<string, object?>("gpo.status", run.Status.ToString()));
        await telemetry.RunEndedAsync(run, cancellationToken);
        var usage = await store.GetUsageAsync(run.Id, cancellationToken);
        await bus.Publish(new RunCompleted
        {
            RunId = run.Id,
            Status = run.Status == RunStatus.Completed ? "completed" : "stopped: budget",
            BestPrompt = run.BestPrompt ?? run.Settings.InitialPrompt,
            BestDevScore = run.BestDevScore ?? 0,
            BestTestScore = run.BestTestScore,
            InitialTestScore = run.InitialTestScore,
            Cost = usage.Sum(u => u.Cost),
        }, cancellationToken);
    }

    private async Task PublishProgressAsync(RunRecord run, int closedStep, IPublishEndpoint bus, CancellationToken cancellationToken)
    {
        if (closedStep <= run.TotalSteps)
        {
            var entry = run.Trajectory[^1];
            metrics.StepsCompleted.Add(1, new KeyValuePair<string, object?>("gpo.task", run.Task));
            Activity.Current?.SetTag("gpo.selected_candidate", entry.CandidateIndex);
            Activity.Current?.SetTag("gpo.dev_score", entry.DevScore);
            await bus.Publish(new StepCompleted
            {
                RunId = run.Id, Step = closedStep, TotalSteps = run.TotalSteps, Prompt = entry.Prompt, DevScore = entry.DevScore,
            }, cancellationToken);
        }

        if (run.Status == RunStatus.Completed)
        {
            await PublishOutcomeAsync(run, bus, cancellationToken);
            return;
        }

        var next = run.Steps[^1];
        if (next.Status == StepStatus.Generating)
        {
            await PublishStepStartedAsync(run, next, bus, cancellationToken);
            return;
        }

        // The final evaluation on the test split is a trace of its own, like a step.
        using var scope = RunTracing.StepStarted(run.Id, run.Task, next.Step, run.TotalSteps, editBudget: null, run.RunTraceParent);
        await bus.PublishBatch(ScoreBatchPlanner.Plan(run, next), cancellationToken);

        await RememberTraceAsync(run.Id, next.Step, scope.TraceId, cancellationToken);
    }

    // Best effort: the trace id only helps people find the step in a dashboard.
    private async Task RememberTraceAsync(Guid runId, int stepNumber, string? traceId, CancellationToken cancellationToken)
    {
        if (traceId is null)
        {
            return;
        }

        await updater.UpdateAsync(runId, r =>
        {
            var step = r.Steps.FirstOrDefault(s => s.Step == stepNumber);
            if (step is null || step.TraceId == traceId)
            {
                return false;
            }

            step.TraceId = traceId;
            return true;
        }, cancellationToken);
    }
}
