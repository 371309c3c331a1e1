namespace GpoPipeline.Contracts;

/// <summary>
/// One training example of a step's minibatch as the task model answered it under one beam prompt: what
/// ProTeGi's error string, PE2's examination and the GPO code's feedback read (docs/baselines.md).
/// </summary>
public sealed record MinibatchAnswer
{
    /// <summary>The example's index in the run's train split.</summary>
    public required int Index { get; init; }

    public required string Input { get; init; }

    /// <summary>The task model's answer, as the scheduler memoized it.</summary>
    public required string Output { get; init; }

    /// <summary>The first gold answer.</summary>
    public required string Label { get; init; }

    public required bool Correct { get; init; }
}
