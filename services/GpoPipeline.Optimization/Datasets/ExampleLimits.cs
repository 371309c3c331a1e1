namespace GpoPipeline.Optimization.Datasets;

/// <summary>How long an example's input or target may be: what the scorers accept by default (Limits:MaxExampleChars).</summary>
public static class ExampleLimits
{
    /// <summary>
    /// The scorers refuse longer text as unfit work; a dataset holding it is refused when it is read, with its file and
    /// line, instead of leaving a run whose batches no scorer takes.
    /// </summary>
    public const int DefaultMaxChars = 50_000;

    /// <summary>
    /// Most gold answers in one example's target list. A list of millions of one-letter items took a few MB as JSON and
    /// several times that once stored (each item carries its own framing), and no scorer needs more aliases than this.
    /// </summary>
    public const int MaxReferences = 1_000;
}
