using System.Text.RegularExpressions;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// The `gpo resume` line printed after a stop or a `gpo cancel`, and the `gpo show` line for a run that needs no resume:
/// each must work when pasted as printed (issue 18), so it names the store.
/// </summary>
public static partial class ResumeLine
{
    public static string For(Guid runId, string? store) => Command("resume", runId, store);

    public static string Show(Guid runId, string? store) => Command("show", runId, store);

    private static string Command(string verb, Guid runId, string? store)
    {
        if (store is null)
        {
            return $"gpo {verb} {runId}";
        }

        // A MongoDB URI may carry a password; the printed line names where it goes instead.
        var shown = StoreAccess.IsMongo(store) ? Password().Replace(store, "$1:<password>@") : Path.GetFullPath(store);
        return $"gpo {verb} {runId} --store {Quote(shown)}";
    }

    /// <summary>POSIX shell quoting, only when needed.</summary>
    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "/._-:@+,=%".Contains(c))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^(mongodb(?:\\+srv)?://[^:/@]+):[^@/]*@", RegexOptions.IgnoreCase)]
    private static partial Regex Password();
}
