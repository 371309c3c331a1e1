namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>The shipped benchmark splits: the repository's data/ or, in a development checkout, ../shared/data.</summary>
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
                var data = new[] { Path.Combine(dir.FullName, "data"), Path.Combine(dir.FullName, "..", "shared", "data") }
                    .FirstOrDefault(d => File.Exists(Path.Combine(d, "bbh", "navigate", "dev.jsonl")));
                return data is not null
                    ? Path.GetFullPath(data)
                    : throw new InvalidOperationException($"No benchmark data under {dir.FullName}/data or {dir.FullName}/../shared/data (expected bbh/navigate/dev.jsonl).");
            }
        }

        throw new InvalidOperationException($"GpoPipeline.sln not found above {AppContext.BaseDirectory}.");
    }
}
