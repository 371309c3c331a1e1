namespace GpoPipeline.Contracts;

/// <summary>Command: create and drive a new optimization run.</summary>
public sealed record StartRun
{
    public required Guid RunId { get; init; }
    public required RunSettings Settings { get; init; }

    /// <summary>
    /// The dataset, read once by the submitter; the scheduler stores it with the run. Null: the scheduler reads
    /// <see cref="RunSettings.DataPath"/> itself (a single-host convenience; workers never read files).
    /// </summary>
    public RunDataset? Dataset { get; init; }
}
