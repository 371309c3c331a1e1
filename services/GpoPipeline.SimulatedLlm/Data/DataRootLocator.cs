namespace GpoPipeline.SimulatedLlm.Data;

/// <summary>Finds the dataset folders the task model learns gold answers from.</summary>
public static class DataRootLocator
{
    /// <summary>
    /// The configured folders (';'-separated), or else the repository's <c>data/</c> found above the app or working
    /// directory. Nothing outside the repository is ever looked at: data the product needs is shipped in it.
    /// </summary>
    public static IReadOnlyList<string> Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return [.. configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Path.GetFullPath)];
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "GpoPipeline.sln")))
                {
                    continue;
                }

                var data = Path.Combine(dir.FullName, "data");
                return Directory.Exists(data) ? [data] : [];
            }
        }

        return [];
    }
}
