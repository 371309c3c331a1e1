using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Datasets;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Starts an optimization of a task from its champion (issue 12: the champion is the initial prompt, so it enters
/// the trajectory and is scored on the same held-out examples as the challenger). At most one per task: the task's
/// ActiveRunId is taken by compare-and-set before StartRun is published. The API only publishes; it never calls a model.
/// </summary>
public sealed class RunSubmission(
    ControlPlaneStore store, IRunStore runs, ChampionBook champions, DatasetFolder folders, TaskBudget budget,
    IPublishEndpoint bus, FailedStarts failedStarts, IOptions<ControlPlaneOptions> options, TimeProvider clock)
{
    /// <param name="scoreCheckExamples">
    /// Set: not an optimization but a score check of the champion on this many of the newest examples (0 steps: the
    /// scheduler scores the initial prompt, which is the champion, and ends; the same held-out scoring a challenge uses).
    /// </param>
    public async Task<SubmissionRecord> SubmitAsync(
        string taskName, string trigger, RunOverrides? overrides, CancellationToken cancellationToken, int? scoreCheckExamples = null)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var task = await store.GetTaskAsync(taskName, cancellationToken) ?? throw ApiProblemException.NotFound($"Task '{taskName}' does not exist.");
            if (task.LatestDatasetVersion == 0)
            {
                throw ApiProblemException.Conflict($"Task '{task.Id}' has no data yet; upload a dataset (PUT /v1/tasks/{task.Id}/dataset) first.");
            }

            if (await ActiveRunAsync(task, cancellationToken) is { } active)
            {
                throw ApiProblemException.Conflict($"Task '{task.Id}' already has run {active} in progress; at most one optimization per task runs at a time.");
            }

            var limits = await budget.RemainingTodayAsync(task, cancellationToken);
            var champion = await champions.CurrentAsync(task, cancellationToken);
            var version = (await store.GetDatasetVersionAsync(task.Id, task.LatestDatasetVersion, cancellationToken))!;
            var runId = Guid.NewGuid();
            var now = clock.GetUtcNow().UtcDateTime;
            var examplesBefore = task.ExamplesAtLastRun;
            task.ActiveRunId = runId; // a score check also holds the task: it may start the re-optimization
            task.ActiveRunTakenAt = now;
            if (scoreCheckExamples is null)
            {
                task.ExamplesAtLastRun = version.Examples.Count;
            }

            if (!await store.TryUpdateTaskAsync(task, cancellationToken))
            {
                continue; // someone else changed the task (maybe started a run): look again
            }

            var submission = new SubmissionRecord
            {
                RunId = runId, Task = task.Id, ChampionVersion = champion.Number, DatasetVersion = version.Number, Trigger = trigger, SubmittedAt = now,
                ScoreCheck = scoreCheckExamples is not null, CheckedExamples = Math.Min(scoreCheckExamples ?? 0, version.Examples.Count),
            };
            var stage = "store the submission";
            try
            {
                await store.TryAddSubmissionAsync(submission, cancellationToken);
                stage = "write the dataset folder";
                var settings = task.Settings with
                {
                    DataPath = folders.Materialize(version),
                    Task = task.Id,
                    InitialPrompt = champion.Prompt,
                    Steps = overrides?.Steps ?? task.Settings.Steps,
                    Candidates = overrides?.Candidates ?? task.Settings.Candidates,
                    MaxCost = Smallest(overrides?.MaxCost ?? task.Settings.MaxCost, limits.Cost),
                    MaxCalls = Smallest(overrides?.MaxCalls ?? task.Settings.MaxCalls, limits.Calls),
                    MaxTokens = Smallest(overrides?.MaxTokens ?? task.Settings.MaxTokens, limits.Tokens),
                };
                // The dataset travels inside the StartRun (DESIGN §3): read once here, stored by the scheduler.
                var start = DecayScheduler.RunSubmission.Create(settings, runId);
                if (scoreCheckExamples is not null)
                {
                    start = ScoreCheckRun.Of(start, version.Examples.TakeLast(submission.CheckedExamples));
                }

                stage = "publish the StartRun";
                await bus.Publish(start, cancellationToken);
                return submission;
            }
            catch (Exception ex)
            {
                // The run will never exist: without this the task stayed blocked (AbandonedSubmission) and the run
                // showed Submitted for ever. The claim and the submission are undone before the refusal.
                var reason = $"the control plane could not {stage} ({ex.GetType().Name}: {ex.Message})";
                await failedStarts.UndoAsync(submission, examplesBefore, reason, ex);
                if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw; // the caller went away (a request aborted, the service stopping): nothing to answer
                }

                throw ApiProblemException.Unavailable(
                    $"Run {runId} of task '{task.Id}' could not be started: {reason}. Nothing is running; the task is free; try again later.");
            }
        }

        throw ApiProblemException.ContendedConflict($"Task '{taskName}' is being changed by other requests; try again.");
    }

    /// <summary>
    /// The task's run that is still going: pending or running in the run store, or submitted so recently that the
    /// scheduler may not have created it yet (a submission that never arrives stops blocking after a while).
    /// </summary>
    public async Task<Guid?> ActiveRunAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.ActiveRunId is not { } runId)
        {
            return null;
        }

        var run = await runs.GetRunAsync(runId, cancellationToken);
        if (run is { Status: RunStatus.Pending or RunStatus.Running })
        {
            return runId;
        }

        var submission = await store.GetSubmissionAsync(runId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (run is not null)
        {
            // Resumed, and the scheduler has not taken up the ResumeRun yet (the run is stored as it stopped): still the
            // task's run, or a submission in that moment would run beside it. Not one the scheduler moved since.
            return submission?.ResumedAt is { } resumed && run.UpdatedAt < resumed && now - resumed < options.Value.AbandonedSubmission ? runId : null;
        }

        if (submission is null)
        {
            // Taken by a submission not stored yet (a submitter between taking the task and storing its submission): a
            // second submission then ran beside it. One that died in that moment holds the task as an abandoned one would.
            return task.ActiveRunTakenAt is { } taken && now - taken < options.Value.AbandonedSubmission ? runId : null;
        }

        return submission.StartFailure is null && now - submission.SubmittedAt < options.Value.AbandonedSubmission ? runId : null;
    }

    private static double? Smallest(double? a, double? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static long? Smallest(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
