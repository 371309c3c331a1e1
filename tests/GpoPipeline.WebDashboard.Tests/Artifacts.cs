namespace GpoPipeline.WebDashboard.Tests;

/// <summary>Where specs keep files for people to look at: TestResults/artifacts at the repository root (tests/run.sh's results folder).</summary>
public static class Artifacts
{
    public static string Directory { get; } = Find();

    private static string Find()
    {
        var artifacts = Path.Combine(Testing.RepoPaths.Root, "TestResults", "artifacts");
        System.IO.Directory.CreateDirectory(artifacts);
        return artifacts;
    }
}
