using System.Text;
using System.Text.Json;

namespace GpoPipeline.Llm;

/// <summary>Reads <c>usage</c> from a raw OpenAI-style body, whole or cut off, without trusting it to be valid JSON.</summary>
internal static class ReportedUsage
{
    private static readonly byte[] ContentField = "\"content\":"u8.ToArray();

    public static (bool IsCompleteJson, (long Input, long Output)? Usage) Read(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        long? input = null, output = null;
        var depth1Property = string.Empty;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    depth1Property = reader.GetString() ?? string.Empty;
                }
                else if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2 && depth1Property == "usage")
                {
                    var name = reader.GetString();
                    if (reader.Read() && reader.TokenType == JsonTokenType.Number)
                    {
                        if (name == "prompt_tokens")
                        {
                            input = reader.GetInt64();
                        }
                        else if (name == "completion_tokens")
                        {
                            output = reader.GetInt64();
                        }
                    }
                }
            }

            return (reader.BytesConsumed == body.Length && reader.CurrentDepth == 0, Usage(input, output));
        }
        catch (JsonException)
        {
            return (false, Usage(input, output));
        }
    }

    /// <summary>The text after the first <c>"content":</c> of a cut-off body: what was generated before the cut, roughly.</summary>
    public static string PartialContent(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf(ContentField);
        return at < 0 ? string.Empty : Encoding.UTF8.GetString(body[(at + ContentField.Length)..]);
    }

    private static (long Input, long Output)? Usage(long? input, long? output) =>
        input is null && output is null ? null : (input ?? 0, output ?? 0);
}
