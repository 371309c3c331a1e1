using System.Text.RegularExpressions;

namespace GpoPipeline.Api.Tasks;

/// <summary>
/// Task names: lower-case letters, digits, '-' and '_', 1–64 characters. They appear in URLs, in the proxy's
/// model name (gpo:&lt;task&gt;) and in dataset folder names, so nothing else is accepted.
/// </summary>
public static partial class TaskNames
{
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public static string Require(string? name) => IsValid(name) ? name!
        : throw ApiProblemException.Invalid("Field 'name' must be 1–64 characters of a–z, 0–9, '-' or '_', starting with a letter or digit.");

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
