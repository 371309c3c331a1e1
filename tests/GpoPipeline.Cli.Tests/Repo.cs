namespace GpoPipeline.Cli.Tests;

/// <summary>The repository the tests run from (for the shipped data/).</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string Data(string relative) => Path.Combine(Root, "data", relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GpoPipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
