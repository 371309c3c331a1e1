using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// How a submitter (CLI, control plane, tests) starts a run: it reads and validates the dataset once, on its own
/// disk, and sends it with the command. Nothing downstream ever needs the path (DESIGN §3).
/// </summary>
public static class RunSubmission
{
    /// <exception cref="DatasetException">The dataset is missing or invalid; the message names the file and line.</exception>
    public static StartRun Create(RunSettings settings, Guid? runId = null, DatasetCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dataset = (catalog ?? new DatasetCatalog()).Get(settings.DataPath, settings.Task);
        DatasetValidator.ThrowIfInvalid(dataset);
        return new StartRun
        {
            RunId = runId ?? Guid.NewGuid(),
            Settings = settings,
            Dataset = RunDatasetConversion.FromTaskDataset(dataset),
        };
    }
}
