using System.CommandLine;

namespace GpoPipeline.Cli.Commands;

/// <summary>Options most commands share.</summary>
public static class CommonOptions
{
    public const string StoreExpected = "a store file path or a mongodb:// URI";

    public static Option<string?> Store() => new Option<string?>("--store")
    {
        Description = "Run store: a LiteDB file (default ~/.local/share/gpo/runs.db) or a mongodb:// URI.",
    }.NotBlank(StoreExpected);

    public static Option<bool> Json() => new("--json") { Description = "Print JSON for scripts (nothing else on stdout)." };

    public static Option<string?> Out() => new Option<string?>("--out") { Description = "Folder for the report (default: next to the store)." }
        .NotBlank("a folder path for the report");

    /// <summary>A run id or a unique prefix of one (`gpo runs` shows 8 characters); resolved by <see cref="StoreCommands.FindAsync"/>.</summary>
    public static Argument<string> RunId() => new("run") { Description = "Run id, or a unique prefix of it (from `gpo runs`)." };

    public static Dictionary<string, string?> StoreSettings(string? store) => new()
    {
        ["Store:ConnectionString"] = store ?? CliPaths.DefaultStore,
        ["Messaging:Transport"] = "InMemory",
    };

    /// <summary>
    /// The report's folder, checked to take files before anything is spent (issue 18: an unwritable --out once
    /// failed after a whole paid run). A probe file is created and deleted; the folder itself stays.
    /// </summary>
    public static string ReportFolder(string? store, string? outDirectory, Guid runId)
    {
        string folder;
        try
        {
            var baseDirectory = store is null || store.StartsWith("mongodb", StringComparison.OrdinalIgnoreCase)
                ? Path.GetDirectoryName(CliPaths.DefaultStore)!
                : Path.GetDirectoryName(Path.GetFullPath(store))!;
            folder = outDirectory is not null ? Path.GetFullPath(outDirectory) : Path.Combine(baseDirectory, "reports", runId.ToString());
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UserInputException($"--out {outDirectory}: not a usable folder path ({ex.Message}).", ex);
        }

        var existing = folder;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            if (File.Exists(existing))
            {
                throw new UserInputException($"--out {outDirectory ?? folder}: {existing} is a file, not a folder; nothing was started.");
            }

            existing = parent;
        }

        try
        {
            // Probe the nearest existing folder: creating the report folder itself waits until there is a report.
            using (new FileStream(Path.Combine(existing, $".gpo-probe-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--out {outDirectory ?? folder}: the report cannot be written there ({ex.Message}); nothing was started.", ex);
        }

        return folder;
    }
}
