namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>The shipped benchmark splits: the repository's data/.</summary>
public static class TestData
{
    public static string Root { get; } = Find();

    public static string Split(string benchmark, string task, string split) => Path.Combine(Root, benchmark, task, split + ".jsonl");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GpoPipeline.sln")))
            {
                var data = Path.Combine(dir.FullName, "data");
                return File.Exists(Path.Combine(data, "bbh", "navigate", "dev.jsonl"))
                    ? data
                    : throw new InvalidOperationException($"No benchmark data under {data} (expected bbh/navigate/dev.jsonl).");
            }
        }

        throw new InvalidOperationException($"GpoPipeline.sln not found above {AppContext.BaseDirectory}.");
    }
}
