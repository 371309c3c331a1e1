using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// Runs a README shell session the way bash would, for the few commands a quick start uses: variable assignments
/// (<c>export</c>, <c>$VAR</c>, <c>$(…)</c>), quotes, <c>\</c> line continuations, <c>#</c> comments, pipes,
/// <c>;</c>, brace expansion, <c>cat</c>, <c>jq -r .field</c> and <c>curl</c> (done with HttpClient). Any other
/// command or curl option fails the spec, so the README cannot use something this session did not check.
/// </summary>
public sealed partial class ReadmeSession(HttpClient http, string workingDirectory)
{
    private readonly Dictionary<string, string> variables = [];

    /// <summary>Every curl call: the command as expanded, its HTTP status and what it printed.</summary>
    public List<(string Command, int Status, string Output)> Calls { get; } = [];

    /// <summary>Lines of a fenced block as statements: continuations joined, comments and blank lines dropped.</summary>
    public static IReadOnlyList<string> Statements(string block)
    {
        var joined = ContinuedLine().Replace(block, " ");
        return [.. joined.Split('\n').Select(StripComment).Where(l => l.Length > 0)];
    }

    public async Task RunAsync(string statement, CancellationToken cancellationToken)
    {
        foreach (var command in SplitOutside(statement, ';'))
        {
            await ExecuteAsync(command.Trim(), cancellationToken);
        }
    }

    private async Task<string> ExecuteAsync(string command, CancellationToken cancellationToken)
    {
        var stages = SplitOutside(command, '|');
        if (stages.Count > 1)
        {
            var output = "";
            foreach (var stage in stages)
            {
                output = await StageAsync(await WordsAsync(stage.Trim(), cancellationToken), output, cancellationToken);
            }

            return output;
        }

        var words = await WordsAsync(command, cancellationToken);
        if (words.Count > 0 && words[0] == "export")
        {
            words.RemoveAt(0);
        }

        if (words.Count == 0 || !words.All(w => AssignmentWord().IsMatch(w)))
        {
            return await StageAsync(words, "", cancellationToken);
        }

        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            variables[word[..equals]] = word[(equals + 1)..];
        }

        return "";
    }

    private async Task<string> StageAsync(List<string> words, string input, CancellationToken cancellationToken) => words[0] switch
    {
        "cat" => string.Concat(words.Skip(1).Select(f => File.ReadAllText(Path.Combine(workingDirectory, f)))),
        "jq" when words is [_, "-r", var path] && path.StartsWith('.') =>
            JsonDocument.Parse(input).RootElement.GetProperty(path[1..]).ToString() + "\n",
        "curl" => await CurlAsync(words, input, cancellationToken),
        _ => throw new InvalidOperationException($"The README session uses '{words[0]}', which this spec does not run: {string.Join(' ', words)}"),
    };

    private async Task<string> CurlAsync(List<string> words, string input, CancellationToken cancellationToken)
    {
        string? method = null, url = null, data = null;
        var includeHeaders = false;
        var headers = new List<(string Name, string Value)>();
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            switch (word)
            {
                case "-X": method = words[++i]; break;
                case "-H": var header = words[++i]; var colon = header.IndexOf(':', StringComparison.Ordinal); headers.Add((header[..colon].Trim(), header[(colon + 1)..].Trim())); break;
                case "-d" or "--data" or "--data-binary": data = Data(words[++i], input); break;
                case ['-', not '-', ..] when word[1..].All(c => c is 's' or 'S' or 'N' or 'i'): includeHeaders |= word.Contains('i', StringComparison.Ordinal); break;
                case ['-', ..]: throw new InvalidOperationException($"curl option {word} is not supported by the README spec.");
                default: url = word; break;
            }
        }

        using var request = new HttpRequestMessage(new HttpMethod(method ?? (data is null ? "GET" : "POST")), url);
        if (data is not null)
        {
            request.Content = new StringContent(data, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded"); // curl's default
        }

        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && request.Content is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken); // a stream (-N) is read until the server ends it
        var output = includeHeaders
            ? $"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\n" +
              string.Concat(response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}\n")) + "\n" + body
            : body;
        Calls.Add((string.Join(' ', words), (int)response.StatusCode, output));
        return output;
    }

    private string Data(string argument, string input) =>
        argument == "@-" ? input
        : argument.StartsWith('@') ? File.ReadAllText(Path.Combine(workingDirectory, argument[1..]))
        : argument;

    /// <summary>Bash word splitting and expansion for the quoting a README uses.</summary>
    private async Task<List<string>> WordsAsync(string text, CancellationToken cancellationToken)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var braces = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                Flush();
                continue;
            }

            inWord = true;
            if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                word.Append(text, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                var end = i + 1;
                while (text[end] != '"')
                {
                    end += text[end] == '\\' ? 2 : 1;
                }

                word.Append(await ExpandAsync(text[(i + 1)..end].Replace("\\\"", "\"", StringComparison.Ordinal), cancellationToken));
                i = end;
            }
            else if (c == '$')
            {
                var (value, next) = await DollarAsync(text, i, cancellationToken);
                word.Append(value);
                i = next - 1;
            }
            else
            {
                braces |= c == '{' && text.IndexOf('}', i) > text.IndexOf(',', i) && text.IndexOf(',', i) > i;
                word.Append(c);
            }
        }

        Flush();
        return words;

        void Flush()
        {
            if (!inWord)
            {
                return;
            }

            var value = word.ToString();
            words.AddRange(braces && BraceGroup().Match(value) is { Success: true } group
                ? group.Groups[2].Value.Split(',').Select(alternative => group.Groups[1].Value + alternative + group.Groups[3].Value)
                : [value]);
            word.Clear();
            inWord = false;
            braces = false;
        }
    }

    private async Task<string> ExpandAsync(string text, CancellationToken cancellationToken)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '$')
            {
                var (value, next) = await DollarAsync(text, i, cancellationToken);
                result.Append(value);
                i = next - 1;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    /// <summary>$NAME, ${NAME} or $(command) at <paramref name="at"/>: its value and the index after it.</summary>
    private async Task<(string Value, int Next)> DollarAsync(string text, int at, CancellationToken cancellationToken)
    {
        if (text[at + 1] == '(')
        {
            var depth = 0;
            var end = at + 1;
            for (; end < text.Length; end++)
            {
                depth += text[end] == '(' ? 1 : text[end] == ')' ? -1 : 0;
                if (depth == 0)
                {
                    break;
                }
            }

            var output = await ExecuteAsync(text[(at + 2)..end], cancellationToken);
            return (output.TrimEnd('\n'), end + 1);
        }

        var braced = text[at + 1] == '{';
        var start = at + (braced ? 2 : 1);
        var stop = start;
        while (stop < text.Length && (char.IsLetterOrDigit(text[stop]) || text[stop] == '_'))
        {
            stop++;
        }

        var name = text[start..stop];
        return (variables.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"${name} is not set in the README session."),
            braced ? stop + 1 : stop);
    }

    /// <summary>Splits at a separator outside quotes and $(…).</summary>
    private static List<string> SplitOutside(string text, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        var depth = 0;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (c == separator && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return [.. parts.Where(p => p.Trim().Length > 0)];
    }

    /// <summary>Drops a comment: '#' at the start of a word, outside quotes.</summary>
    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line[..i].Trim();
            }
        }

        return line.Trim();
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuedLine();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex AssignmentWord();

    [GeneratedRegex(@"^(.*?)\{([^{}]*,[^{}]*)\}(.*)$")]
    private static partial Regex BraceGroup();
}
