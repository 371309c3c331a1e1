namespace GpoPipeline.Cli;

/// <summary>Where `gpo` finds the shipped data and keeps its runs.</summary>
public static class CliPaths
{
    public static string DefaultStore => Trajectories.StoreOptions.DefaultLiteDbPath;

    /// <summary>The product's data/ folder: next to the executable's repository, or under the current directory.</summary>
    public static string? FindDataRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "bbh");
                if (Directory.Exists(candidate))
                {
                    return Path.Combine(dir.FullName, "data");
                }
            }
        }

        return null;
    }
}
