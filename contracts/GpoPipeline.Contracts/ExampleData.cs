namespace GpoPipeline.Contracts;

/// <summary>One labelled example as it travels in a message; <see cref="Index"/> is its place in its split.</summary>
public sealed record ExampleData
{
    public required int Index { get; init; }
    public required string Input { get; init; }

    /// <summary>Every gold answer (one for most tasks, several for WebNLG).</summary>
    public required IReadOnlyList<string> References { get; init; }
}
