using System.Text.RegularExpressions;

namespace GpoPipeline.Cli;

/// <summary>
/// System.CommandLine's parse errors in the user's words (issue 18): no .NET type names, and an unknown command
/// gets the nearest command instead of "Required command was not provided".
/// </summary>
public static partial class ParseErrorText
{
    public static IReadOnlyList<string> Rewrite(IReadOnlyList<string> errors, IReadOnlyList<string> args, IReadOnlyList<string> commands)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(commands);
        var first = args.Count > 0 ? args[0] : null;
        if (first is null)
        {
            return [$"name a command: {string.Join(", ", commands)}."];
        }

        if (!first.StartsWith('-') && !commands.Contains(first, StringComparer.Ordinal))
        {
            var nearest = Nearest(first, commands);
            var suggestion = nearest is null ? "." : $"; did you mean 'gpo {nearest}'?";
            return [$"unknown command '{first}'{suggestion} Commands: {string.Join(", ", commands)}."];
        }

        return [.. errors.Select(Plain).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>"…as expected type 'System.Nullable`1[System.Int32]'" becomes "…: expected a whole number".</summary>
    public static string Plain(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var match = CannotParse().Match(message);
        if (match.Success)
        {
            return $"{match.Groups["name"].Value} {match.Groups["value"].Value}: expected {Describe(match.Groups["type"].Value)}.";
        }

        // "Argument 'x' not recognized. Must be one of:\n\t'a'\n\t'b'" on one line: "…; expected one of: a, b."
        var choice = NotAmongChoices().Match(message);
        if (choice.Success)
        {
            var values = choice.Groups["value"].Captures.Select(c => c.Value);
            return $"{choice.Groups["head"].Value}; expected one of: {string.Join(", ", values)}.";
        }

        return message.Replace("Required command was not provided.", "name a command.", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?<head>.*? not recognized)\. Must be one of:(?:\s*'(?<value>[^']*)')+\s*$", RegexOptions.Singleline)]
    private static partial Regex NotAmongChoices();

    private static string Describe(string type)
    {
        var inner = NullableOf().Match(type) is { Success: true } nullable ? nullable.Groups[1].Value : type;
        return inner switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" => "a whole number",
            "System.Double" or "System.Single" or "System.Decimal" => "a number (e.g. 0.5)",
            "System.Boolean" => "true or false",
            "System.Guid" => "a run id (see gpo runs)",
            "System.TimeSpan" => "a duration such as 00:00:30",
            _ => "another kind of value",
        };
    }

    private static string? Nearest(string word, IReadOnlyList<string> commands)
    {
        var best = commands.Select(c => (Command: c, Distance: Distance(word.ToLowerInvariant(), c)))
            .OrderBy(c => c.Distance).First();
        return best.Distance <= Math.Max(2, word.Length / 2) || best.Command.StartsWith(word, StringComparison.OrdinalIgnoreCase) ? best.Command : null;
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    [GeneratedRegex("^Cannot parse argument '(?<value>.*)' for (?<what>option|command|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'\\.?$")]
    private static partial Regex CannotParse();

    [GeneratedRegex("^System\\.Nullable`1\\[(.+)\\]$")]
    private static partial Regex NullableOf();
}
