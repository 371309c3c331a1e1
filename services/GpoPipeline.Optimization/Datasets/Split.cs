namespace GpoPipeline.Optimization.Datasets;

/// <summary>The splits of a task (data/README.md "Layout"); file name = <c>{name}.jsonl</c>.</summary>
public static class Split
{
    public const string Train = "train";
    public const string Dev = "dev";
    public const string Test = "test";
    public const string Format = "format";
    public const string FewShot = "few_shot";

    public static IReadOnlyList<string> All { get; } = [Train, Dev, Test, Format, FewShot];
}
