namespace GpoPipeline.Contracts;

/// <summary>Command: create and drive a new optimization run.</summary>
public sealed record StartRun
{
    public required Guid RunId { get; init; }
    public required RunSettings Settings { get; init; }
}
