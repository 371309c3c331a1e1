namespace GpoPipeline.Optimization.Tests.Support;

/// <summary>Reads a golden text file copied next to the tests, with line endings normalised to \n.</summary>
public static class Golden
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name)).Replace("\r\n", "\n", StringComparison.Ordinal);
}
