using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Undoes a submission whose run could not be started after it claimed its task (the dataset folder or the bus
/// failed): the submission is marked with the reason (so it is shown failed and holds nothing) and the task's slot is
/// given back by compare-and-set, only if it still names this run. Never throws: the caller reports the first failure.
/// </summary>
public sealed partial class FailedStarts(ControlPlaneStore store, ILogger<FailedStarts> logger)
{
    /// <param name="examplesBefore">The task's ExamplesAtLastRun before the claim: the examples trigger counts them again.</param>
    public async Task UndoAsync(SubmissionRecord submission, int examplesBefore, string reason, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(submission);
        LogFailedStart(failure, submission.RunId, submission.Task, reason);
        try
        {
            await MarkAsync(submission, reason);
            await ReleaseAsync(submission, examplesBefore);
        }
        catch (Exception ex)
        {
            LogUndoFailed(ex, submission.RunId, submission.Task);
        }
    }

    /// <summary>A resume that claimed the task but could not publish its ResumeRun: the attempt is not counted, the slot given back.</summary>
    public async Task UndoResumeAsync(SubmissionRecord submission, int examplesBefore, string reason, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(submission);
        LogFailedStart(failure, submission.RunId, submission.Task, reason);
        try
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var stored = await store.GetSubmissionAsync(submission.RunId, CancellationToken.None);
                if (stored is null || stored.Resumes != submission.Resumes)
                {
                    break; // another resume counted itself since: it is its attempt now
                }

                stored.Resumes--;
                stored.ResumedAt = null; // not resumed after all: the run does not hold its task
                if (await store.TryUpdateSubmissionAsync(stored, CancellationToken.None))
                {
                    break;
                }
            }

            await ReleaseAsync(submission, examplesBefore);
        }
        catch (Exception ex)
        {
            LogUndoFailed(ex, submission.RunId, submission.Task);
        }
    }

    private async Task MarkAsync(SubmissionRecord submission, string reason)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await store.GetSubmissionAsync(submission.RunId, CancellationToken.None) is not { } stored)
            {
                return; // never stored: nothing shows it
            }

            stored.StartFailure = reason;
            if (await store.TryUpdateSubmissionAsync(stored, CancellationToken.None))
            {
                return;
            }
        }
    }

    private async Task ReleaseAsync(SubmissionRecord submission, int examplesBefore)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var task = await store.GetTaskAsync(submission.Task, CancellationToken.None);
            if (task is null || task.ActiveRunId != submission.RunId)
            {
                return;
            }

            task.ActiveRunId = null;
            if (!submission.ScoreCheck)
            {
                task.ExamplesAtLastRun = examplesBefore;
            }

            if (await store.TryUpdateTaskAsync(task, CancellationToken.None))
            {
                return;
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "Run {RunId} of task {Task} was not started: {Reason}; its claim on the task is undone")]
    private partial void LogFailedStart(Exception ex, Guid runId, string task, string reason);

    [LoggerMessage(LogLevel.Error, "Undoing the failed start of run {RunId} of task {Task} failed too; the task frees itself after ControlPlane:AbandonedSubmission")]
    private partial void LogUndoFailed(Exception ex, Guid runId, string task);
}
