namespace GpoPipeline.Contracts;

/// <summary>The task model's answer to one example under one prompt, its score and what it cost.</summary>
public sealed record ExampleResult
{
    public required int Index { get; init; }

    /// <summary>The (last-round) answer text the score was computed from.</summary>
    public required string Answer { get; init; }

    /// <summary>1/0 for accuracy, ROUGE-L F1 in [0, 1] for generation.</summary>
    public required double Score { get; init; }

    public ModelUsage Usage { get; init; } = ModelUsage.None;
}
