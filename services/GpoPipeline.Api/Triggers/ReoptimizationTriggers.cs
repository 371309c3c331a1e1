using GpoPipeline.Api.Runs;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Triggers;

/// <summary>
/// The data trigger (issue 12): after an append, a re-optimization starts once the task has at least
/// <see cref="TaskPolicy.ReoptimizeEveryExamples"/> examples more than its last optimization used (or than the data
/// replacing that held, when it held fewer: <see cref="Datasets.DatasetVersions"/> lowers the count). A run already
/// in progress or a spent daily budget postpones it to a later append (the count keeps growing meanwhile).
/// </summary>
public sealed partial class ReoptimizationTriggers(RunSubmission submission, ILogger<ReoptimizationTriggers> logger)
{
    public async Task<Guid?> AfterIngestAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Policy.ReoptimizeEveryExamples is not { } every || task.ExampleCount - task.ExamplesAtLastRun < every)
        {
            return null;
        }

        try
        {
            var started = await submission.SubmitAsync(task.Id, $"examples (+{task.ExampleCount - task.ExamplesAtLastRun} since the last run)", null, cancellationToken);
            return started.RunId;
        }
        catch (ApiProblemException ex)
        {
            LogPostponed(task.Id, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-optimization of task {Task} postponed: {Reason}")]
    private partial void LogPostponed(string task, string reason);
}
