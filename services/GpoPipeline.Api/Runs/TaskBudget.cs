using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Per-task daily budgets (issue 12 "calls/tokens/cost per day"): what the task's runs submitted today (UTC) spent,
/// subtracted from the policy's limits. A new run gets at most the remainder as its own budget, so the scheduler's
/// run budget enforces the day's limit; nothing left is a 429.
/// </summary>
public sealed class TaskBudget(ControlPlaneStore store, IRunStore runs, TimeProvider clock)
{
    public async Task<(double? Cost, long? Calls, long? Tokens)> RemainingTodayAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var policy = task.Policy;
        if (policy.DailyMaxCost is null && policy.DailyMaxCalls is null && policy.DailyMaxTokens is null)
        {
            return (null, null, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var today = now.Date;
        double cost = 0;
        long calls = 0, tokens = 0;
        // Today's submissions only, through the store's (task, time) index: every submission the task ever had was read.
        foreach (var submission in await store.ListSubmissionsSinceAsync(task.Id, today, cancellationToken))
        {
            foreach (var usage in await runs.GetUsageAsync(submission.RunId, cancellationToken))
            {
                cost += usage.Cost;
                calls += usage.Calls;
                tokens += usage.InputTokens + usage.OutputTokens;
            }
        }

        var remaining = (Cost: policy.DailyMaxCost - cost, Calls: policy.DailyMaxCalls - calls, Tokens: policy.DailyMaxTokens - tokens);
        if (remaining.Cost <= 0 || remaining.Calls <= 0 || remaining.Tokens <= 0)
        {
            throw ApiProblemException.TooMany(
                $"Task '{task.Id}' has spent today's budget (cost {cost:0.####} of {policy.DailyMaxCost?.ToString() ?? "∞"}, calls {calls} of " +
                $"{policy.DailyMaxCalls?.ToString() ?? "∞"}, tokens {tokens} of {policy.DailyMaxTokens?.ToString() ?? "∞"}); it resets at 00:00 UTC.",
                retryAfter: today.AddDays(1) - now);
        }

        return remaining;
    }
}
