using GpoPipeline.Api.Runs;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Triggers;

/// <summary>
/// The data trigger (issue 12): after an append, a re-optimization starts once the task has at least
/// <see cref="TaskPolicy.ReoptimizeEveryExamples"/> examples more than its last optimization used (or than the data
/// replacing that held, when it held fewer: <see cref="Datasets.DatasetVersions"/> lowers the count). A run already
/// in progress or a spent daily budget postpones it to a later append (the count keeps growing meanwhile). Once the
/// count is reached, the run it started or why it was postponed is kept on the task (<see cref="TaskRecord.LastTrigger"/>).
/// </summary>
public sealed partial class ReoptimizationTriggers(
    RunSubmission submission, ControlPlaneStore store, TimeProvider clock, ILogger<ReoptimizationTriggers> logger)
{
    /// <summary>What the trigger did (the run it started, or why it was postponed); null when the count was not reached.</summary>
    public async Task<DataTriggerOutcome?> AfterIngestAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Policy.ReoptimizeEveryExamples is not { } every || task.ExampleCount - task.ExamplesAtLastRun < every)
        {
            return null;
        }

        var trigger = $"examples (+{task.ExampleCount - task.ExamplesAtLastRun} since the last run)";
        var at = clock.GetUtcNow().UtcDateTime;
        TriggerOutcome outcome;
        var contended = false;
        try
        {
            outcome = TriggerOutcome.Started(trigger, at, (await submission.SubmitAsync(task.Id, trigger, null, cancellationToken)).RunId);
        }
        catch (ApiProblemException ex)
        {
            LogPostponed(task.Id, ex.Message);
            outcome = TriggerOutcome.Skipped(trigger, at, ex.Message);
            contended = ex.Contended;
        }

        await TriggerOutcomes.RecordAsync(store, task.Id, outcome, null, logger, cancellationToken);
        return new DataTriggerOutcome(outcome, contended);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-optimization of task {Task} postponed: {Reason}")]
    private partial void LogPostponed(string task, string reason);
}
