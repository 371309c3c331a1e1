using System.Text.Json;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// A JsonException's message in the user's words: .NET appends "Path: $ | LineNumber: 0 | BytePositionInLine: 17.",
/// and that 0 contradicted the correct line number the dataset error already gives (issue 18).
/// </summary>
public static class JsonErrorText
{
    public static string Describe(JsonException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal) is var path and >= 0 ? path : message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim().TrimEnd('.');
        return error.BytePositionInLine is { } column ? $"{text}, at character {column + 1}" : text;
    }
}
