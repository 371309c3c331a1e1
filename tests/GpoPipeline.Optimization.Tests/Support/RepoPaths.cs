namespace GpoPipeline.Optimization.Tests.Support;

/// <summary>Locates the repository (the folder holding GpoPipeline.sln) from the test binaries.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    /// <summary>The shipped data folder of the product.</summary>
    public static string Data => Path.Combine(Root, "data");

    /// <summary>A path relative to the repository root, e.g. "data/README.md".</summary>
    public static string Resolve(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GpoPipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder containing GpoPipeline.sln above {AppContext.BaseDirectory}.");
    }
}
