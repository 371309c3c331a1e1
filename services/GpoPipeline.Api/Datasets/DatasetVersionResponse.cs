using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Datasets;

/// <param name="StartedRunId">A re-optimization this upload triggered (policy "every N new examples"), if any.</param>
/// <param name="ScoreCheckRunId">The score check this append started (policy "score drop"), if any; a drop it finds starts a re-optimization.</param>
/// <param name="Duplicates">Examples of the upload the task held already (or the upload held twice): counted once, not added again.</param>
public sealed record DatasetVersionResponse(
    string Task, int Version, int ExampleCount, int Added, string Sha256, DateTime CreatedAt, Guid? StartedRunId, Guid? ScoreCheckRunId, int Duplicates = 0)
{
    public static DatasetVersionResponse From(DatasetVersionRecord version, Guid? startedRunId, Guid? scoreCheckRunId)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new(version.Task, version.Number, version.Examples.Count, version.Added, version.Sha256, version.CreatedAt, startedRunId, scoreCheckRunId);
    }
}
