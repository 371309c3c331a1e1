namespace GpoPipeline.Optimization.Tests.Support;

/// <summary>
/// A fact that reads a user's own copy of WebNLG, which the product does not ship (CC BY-NC-SA; data/README.md): the
/// folder named by <see cref="Variable"/> holds it in the shipped layout (<c>webnlg/webnlg/&lt;split&gt;.jsonl</c>).
/// Without the variable, or without the copy there, the fact is skipped, saying so.
/// </summary>
public sealed class FactRequiringWebNlgAttribute : FactAttribute
{
    public const string Variable = "GPO_WEBNLG_DATA";

    public FactRequiringWebNlgAttribute()
    {
        var root = Root;
        if (root is null)
        {
            Skip = $"WebNLG is not shipped; set {Variable} to a folder holding a copy as webnlg/webnlg/<split>.jsonl to run this.";
        }
        else if (!Directory.Exists(Path.Combine(root, "webnlg", "webnlg")))
        {
            Skip = $"{Variable}={root} holds no webnlg/webnlg folder.";
        }
    }

    /// <summary>The data root of the WebNLG copy, or null when <see cref="Variable"/> is not set.</summary>
    public static string? Root => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } root ? Path.GetFullPath(root) : null;
}
