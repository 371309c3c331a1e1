using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Datasets;

/// <param name="StartedRunId">A re-optimization this upload triggered (policy "every N new examples"), if any.</param>
public sealed record DatasetVersionResponse(string Task, int Version, int ExampleCount, int Added, string Sha256, DateTime CreatedAt, Guid? StartedRunId)
{
    public static DatasetVersionResponse From(DatasetVersionRecord version, Guid? startedRunId)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new(version.Task, version.Number, version.Examples.Count, version.Added, version.Sha256, version.CreatedAt, startedRunId);
    }
}
