using System.Text.RegularExpressions;

namespace GpoPipeline.Optimization.Candidates;

/// <summary>
/// Identity of a prompt for de-duplication: whitespace runs collapsed, trimmed, lower-cased.
/// The code compares MD5 of the exact string (spec §1.3.6); this is deliberately a little looser.
/// </summary>
public static partial class PromptKey
{
    public static string Of(string prompt) =>
        Whitespace().Replace(prompt.Trim(), " ").ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
