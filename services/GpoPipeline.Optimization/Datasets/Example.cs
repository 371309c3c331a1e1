namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// One labelled example. <see cref="References"/> holds every gold answer: one for most tasks,
/// several for WebNLG. Numbers in the file are kept as their invariant-culture text.
/// </summary>
public sealed record Example(string Input, IReadOnlyList<string> References)
{
    /// <summary>The gold answer (the first reference).</summary>
    public string Target => References[0];

    /// <summary>1-based line in the source file, 0 when built in memory; used in validation messages.</summary>
    public int Line { get; init; }

    /// <summary>The file (or upload) the example was read from as the user named it, null when built in memory; used in validation messages.</summary>
    public string? Source { get; init; }

    public static Example Of(string input, string target) => new(input, [target]);
}
