namespace GpoPipeline.Testing;

/// <summary>Folders of the repository the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Data => Path.Combine(Root, "data");

    public static string Task(string benchmark, string task) => Path.Combine(Data, benchmark, task);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GpoPipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GpoPipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
