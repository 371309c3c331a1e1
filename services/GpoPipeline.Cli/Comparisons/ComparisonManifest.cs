using System.Text.Json;

namespace GpoPipeline.Cli.Comparisons;

/// <summary>
/// The comparison's settings saved beside the store (comparisons/&lt;id&gt;.json) before any cell starts, so that
/// `gpo compare --resume &lt;id&gt;` continues it without the original command line. Holds no key.
/// </summary>
public static class ComparisonManifest
{
    public static string Folder(string? store) =>
        Path.Combine(store is null || StoreAccessIsMongo(store) ? Path.GetDirectoryName(CliPaths.DefaultStore)! : Path.GetDirectoryName(Path.GetFullPath(store))!, "comparisons");

    public static async Task SaveAsync(ComparisonSpec spec, string? store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var folder = Folder(store);
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, $"{spec.Id}.json"), JsonSerializer.Serialize(spec, ComparisonSpec.JsonOptions), cancellationToken);
    }

    /// <summary>The saved comparison whose id is, or starts with, <paramref name="id"/>.</summary>
    public static async Task<ComparisonSpec> LoadAsync(string id, string? store, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var folder = Folder(store);
        var matches = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Where(f => Path.GetFileNameWithoutExtension(f).StartsWith(id.Trim(), StringComparison.OrdinalIgnoreCase)).ToList()
            : [];
        var file = matches switch
        {
            [var only] => only,
            [] => throw new UserInputException($"--resume {id}: no comparison of that id in {folder} (it is printed when a comparison starts)."),
            _ => throw new UserInputException($"--resume {id}: {matches.Count} comparisons start with it; give more of the id."),
        };
        try
        {
            return JsonSerializer.Deserialize<ComparisonSpec>(await File.ReadAllTextAsync(file, cancellationToken), ComparisonSpec.JsonOptions)
                ?? throw new UserInputException($"{file}: empty comparison manifest.");
        }
        catch (JsonException ex)
        {
            throw new UserInputException($"{file}: not a comparison manifest ({ex.Message}).", ex);
        }
    }

    private static bool StoreAccessIsMongo(string store) => Hosting.StoreAccess.IsMongo(store);
}
