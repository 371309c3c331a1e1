using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Resumes a cancelled, failed or budget-stopped run. A control-plane run holds its task again under the rules a
/// submission follows (<see cref="RunSubmission"/>): the task's ActiveRunId is taken by compare-and-set (409 naming the
/// run in progress), today's budget must not be spent (429), and the resume counts as a new attempt of the run, decided
/// on its own (<see cref="Champions.ChallengeDecider.DecisionId"/>). A run the control plane did not start (`gpo
/// optimize`) has no task to hold and is only resumed.
/// </summary>
public sealed class RunResumption(
    ControlPlaneStore store, IRunStore runs, RunSubmission submissions, TaskBudget budget, IPublishEndpoint bus, FailedStarts failedStarts, TimeProvider clock)
{
    public async Task ResumeAsync(Guid id, CancellationToken cancellationToken)
    {
        var run = await runs.GetRunAsync(id, cancellationToken) ?? throw await NotStartedAsync(id, cancellationToken);
        if (run.Status is RunStatus.Completed or RunStatus.Running or RunStatus.Pending)
        {
            throw ApiProblemException.Conflict($"Run {id} is {run.Status}; only a cancelled, failed or budget-stopped run can be resumed.");
        }

        var submission = await store.GetSubmissionAsync(id, cancellationToken);
        var examplesBefore = submission is null ? 0 : await ClaimAsync(submission, cancellationToken);
        try
        {
            await bus.Publish(new ResumeRun { RunId = id }, cancellationToken);
        }
        catch (Exception ex) when (submission is not null)
        {
            var reason = $"the control plane could not publish the ResumeRun ({ex.GetType().Name}: {ex.Message})";
            await failedStarts.UndoResumeAsync(submission, examplesBefore, reason, ex);
            throw ApiProblemException.Unavailable($"Run {id} could not be resumed: {reason}. It stays {run.Status}; the task is free; try again later.");
        }
    }

    /// <summary>Why a run without a run document cannot be resumed: it does not exist, never started, or has not yet.</summary>
    private async Task<ApiProblemException> NotStartedAsync(Guid id, CancellationToken cancellationToken) =>
        await store.GetSubmissionAsync(id, cancellationToken) switch
        {
            null => ApiProblemException.NotFound($"Run {id} does not exist."),
            { StartFailure: { } why } submission => ApiProblemException.Conflict(
                $"Run {id} never started ({why}); there is nothing to resume: submit a new run of task '{submission.Task}' (POST /v1/tasks/{submission.Task}/runs)."),
            _ => ApiProblemException.Conflict($"Run {id} has not started yet; only a cancelled, failed or budget-stopped run can be resumed."),
        };

    /// <summary>Takes the task's slot and counts the attempt; returns the task's ExamplesAtLastRun, kept as it was.</summary>
    private async Task<int> ClaimAsync(SubmissionRecord submission, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var task = await store.GetTaskAsync(submission.Task, cancellationToken)
                ?? throw ApiProblemException.Conflict($"Run {submission.RunId} belongs to task '{submission.Task}', which no longer exists; it cannot be resumed.");
            if (await submissions.ActiveRunAsync(task, cancellationToken) is { } active && active != submission.RunId)
            {
                throw ApiProblemException.Conflict(
                    $"Task '{task.Id}' already has run {active} in progress; run {submission.RunId} can be resumed when it has ended (at most one optimization per task runs at a time).");
            }

            await budget.RemainingTodayAsync(task, cancellationToken); // a 429 when today's budget is spent
            task.ActiveRunId = submission.RunId;
            if (!await store.TryUpdateTaskAsync(task, cancellationToken))
            {
                continue; // someone else changed the task (maybe started a run): look again
            }

            await CountAttemptAsync(submission, cancellationToken);
            return task.ExamplesAtLastRun;
        }

        throw ApiProblemException.ContendedConflict($"Task '{submission.Task}' is being changed by other requests; try again.");
    }

    private async Task CountAttemptAsync(SubmissionRecord submission, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = (await store.GetSubmissionAsync(submission.RunId, cancellationToken))!;
            stored.Resumes++;
            stored.ResumedAt = clock.GetUtcNow().UtcDateTime;
            if (await store.TryUpdateSubmissionAsync(stored, cancellationToken))
            {
                submission.Resumes = stored.Resumes;
                return;
            }
        }

        throw ApiProblemException.ContendedConflict($"Run {submission.RunId} is being changed by other requests; try again.");
    }
}
