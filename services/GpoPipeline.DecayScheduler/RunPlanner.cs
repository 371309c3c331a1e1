using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Datasets;
using Microsoft.Extensions.Options;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// Validates a run's settings and dataset before anything is spent, and works out its plan: the spec §1.2
/// step count (epochs × round-half-up(|train|/8)) unless overridden, and the dev/test sizes. The dataset is the
/// one the submitter sent; only a StartRun without one makes the scheduler read <see cref="RunSettings.DataPath"/>.
/// </summary>
public sealed class RunPlanner(DatasetCatalog datasets, IOptions<SchedulerOptions> options)
{
    public RunPlan Plan(StartRun command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var configuration = RunSettingsParser.Parse(command.Settings, options.Value.MaxPromptChars, datasetSent: command.Dataset is not null)
            with { ExamplesPerScoreBatch = options.Value.ExamplesPerScoreBatch };
        var settings = command.Settings;
        TaskDataset dataset;
        try
        {
            dataset = command.Dataset is { } sent ? RunDatasetConversion.ToTaskDataset(sent) : datasets.Get(settings.DataPath, settings.Task);
            DatasetValidator.ThrowIfInvalid(dataset);
        }
        catch (Exception ex) when (DatasetReadFailure.Is(ex))
        {
            // Reading the path failed (missing, invalid, a device, too large, unreadable): rejected like bad settings,
            // with the reason, instead of a fault that leaves no run and no RunFailed.
            var source = command.Dataset is null ? $"Dataset '{settings.DataPath}'" : "The StartRun's dataset";
            throw new RunConfigurationException($"{source} cannot be used: {ex.Message}", ex);
        }

        var totalSteps = settings.Steps ?? StepCount.For(dataset[Split.Train].Count, settings.Epochs, settings.BatchSize);
        if (totalSteps > RunSettingsParser.MaxSteps)
        {
            throw new RunConfigurationException(
                $"The run would take {totalSteps} steps ({settings.Epochs} epochs of {dataset[Split.Train].Count} training examples in batches of {settings.BatchSize}); at most {RunSettingsParser.MaxSteps}: set Steps or fewer Epochs.");
        }

        if (settings.WarmupSteps > 0 && settings.WarmupSteps >= totalSteps)
        {
            throw new RunConfigurationException($"WarmupSteps ({settings.WarmupSteps}) must be below the {totalSteps} steps of the run.");
        }

        var dev = Math.Min(dataset[Split.Dev].Count, settings.MaxDevExamples ?? int.MaxValue);
        var test = Math.Min(dataset[Split.Test].Count, settings.MaxTestExamples ?? int.MaxValue);
        return new RunPlan(configuration, dataset, totalSteps, dev, test);
    }
}
