using System.Security;
using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// The exceptions that mean a run's dataset cannot be read from its path: bad or missing data, and the file system's
/// own refusals (no permission, an I/O error, a path the platform cannot take). Retrying the StartRun changes none of
/// them, so the run is rejected with the reason (RunFailed) instead of faulting without a run.
/// </summary>
public static class DatasetReadFailure
{
    public static bool Is(Exception exception) =>
        exception is DatasetException or IOException or UnauthorizedAccessException or SecurityException or NotSupportedException or ArgumentException;
}
