using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler;
using GpoPipeline.Testing;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// An uninterrupted run on the separate-process stack, submitted with a dataset that exists only on the submitter's
/// disk (copied to a temp folder and deleted once the run is submitted). The kill spec compares against it.
/// </summary>
public sealed class ReferenceProcessRun : IAsyncLifetime
{
    public const int Scorers = 3;

    public static IDictionary<string, string> SimulatorSettings { get; } = new Dictionary<string, string>
    {
        ["Simulator__TaskLatency__Kind"] = "Fixed",
        ["Simulator__TaskLatency__Milliseconds"] = "20",
        ["Simulator__OptimizerLatency__Kind"] = "Fixed",
        ["Simulator__OptimizerLatency__Milliseconds"] = "1500",
    };

    /// <summary>
    /// Two ScoreBatch messages per scorer at a time keep the work a killed scorer held small; the scheduler cuts the
    /// small run into messages of its batch size (PipelineCluster.SmallRunExamplesPerMessage), several per candidate.
    /// </summary>
    public static IDictionary<string, string> WorkerSettings { get; } = new Dictionary<string, string>
    {
        ["Scoring__ConcurrentMessageLimit"] = "2",
        ["Scheduler__ExamplesPerScoreBatch"] = PipelineCluster.SmallRunExamplesPerMessage,
    };

    public ProcessRunResult Result { get; private set; } = null!;

    /// <summary>The run's outcome as a submitter that does not open the store sees it.</summary>
    public RunCompleted Completed { get; private set; } = null!;

    public bool DatasetGoneBeforeTheRunStarted { get; private set; }

    public string WorkingDirectory { get; private set; } = "";

    public static RunSettings Settings(string dataPath) => PipelineCluster.SmallRun(seed: 5) with { DataPath = dataPath };

    public async Task InitializeAsync()
    {
        await using var cluster = await ProcessCluster.StartAsync(Scorers, SimulatorSettings, WorkerSettings);
        WorkingDirectory = cluster.WorkingDirectory;
        var submitterDisk = Path.Combine(Path.GetTempPath(), "gpo-submitter-" + Guid.NewGuid().ToString("N")[..8], "navigate");
        CopyFolder(RepoPaths.Task("bbh", "navigate"), submitterDisk);
        var start = RunSubmission.Create(Settings(submitterDisk));
        Directory.Delete(Path.GetDirectoryName(submitterDisk)!, recursive: true);
        DatasetGoneBeforeTheRunStarted = !Directory.Exists(submitterDisk);

        await cluster.PublishAsync(start);
        Completed = await cluster.WaitForRunAsync(start.RunId);
        Result = await ProcessRunResult.ReadAsync(cluster, start.RunId);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
