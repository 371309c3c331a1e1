using System.CommandLine;

namespace GpoPipeline.Cli.Commands;

/// <summary>Options most commands share.</summary>
public static class CommonOptions
{
    public static Option<string?> Store() => new("--store")
    {
        Description = "Run store: a LiteDB file (default ~/.local/share/gpo/runs.db) or a mongodb:// URI.",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON for scripts (nothing else on stdout)." };

    public static Option<string?> Out() => new("--out") { Description = "Folder for the report (default: next to the store)." };

    public static Argument<Guid> RunId() => new("run") { Description = "Run id (from `gpo runs`)." };

    public static Dictionary<string, string?> StoreSettings(string? store) => new()
    {
        ["Store:ConnectionString"] = store ?? CliPaths.DefaultStore,
        ["Messaging:Transport"] = "InMemory",
    };

    public static string ReportFolder(string? store, string? outDirectory, Guid runId)
    {
        if (outDirectory is not null)
        {
            return Path.GetFullPath(outDirectory);
        }

        var baseDirectory = store is null || store.StartsWith("mongodb", StringComparison.OrdinalIgnoreCase)
            ? Path.GetDirectoryName(CliPaths.DefaultStore)!
            : Path.GetDirectoryName(Path.GetFullPath(store))!;
        return Path.Combine(baseDirectory, "reports", runId.ToString());
    }
}
