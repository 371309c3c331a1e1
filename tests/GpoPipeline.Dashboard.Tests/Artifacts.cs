namespace GpoPipeline.Dashboard.Tests;

/// <summary>Where specs keep files for people to look at: TestResults/ at the repository root (tests/run.sh's results folder).</summary>
public static class Artifacts
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GpoPipeline.sln")))
            {
                var artifacts = Path.Combine(dir.FullName, "TestResults", "artifacts");
                System.IO.Directory.CreateDirectory(artifacts);
                return artifacts;
            }
        }

        throw new InvalidOperationException("GpoPipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
