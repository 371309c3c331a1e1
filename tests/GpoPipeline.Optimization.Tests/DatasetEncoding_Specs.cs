using System.Text;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tests.Support;

namespace GpoPipeline.Optimization.Tests;

/// <summary>
/// Dataset files saved as UTF-16 or UTF-32 with a byte order mark (Windows Notepad, PowerShell's <c>&gt;</c>) load like
/// the same file saved as UTF-8; a sequence that is not text in the marked encoding is refused with its line, as a bad
/// UTF-8 byte is (DatasetLoading_Specs: a file without a mark must still be UTF-8).
/// </summary>
public sealed class DatasetEncoding_Specs : IDisposable
{
    // A character outside the BMP (a surrogate pair in UTF-16), Windows line ends and a blank line: the numbering must hold.
    private const string Text = "{\"input\": \"caf\u00e9 \U0001F600\", \"target\": \"a\"}\r\n\r\n{\"input\": \"q\", \"target\": [\"b\", \"\u00df\"]}\r\n";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Save(string name, Encoding encoding, byte[] bytes)
    {
        var file = Path.Combine(_temp.Path, name);
        File.WriteAllBytes(file, [.. encoding.GetPreamble(), .. bytes]);
        return file;
    }

    [Theory]
    [InlineData("utf-16")] // little-endian
    [InlineData("utf-16BE")]
    [InlineData("utf-32")] // little-endian
    [InlineData("utf-32BE")]
    public void When_a_file_starts_with_a_utf16_or_utf32_byte_order_mark_Should_load_the_examples_the_utf8_file_has(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var utf8 = DatasetFiles.LoadFile(_temp.Write("utf8.jsonl", Text));

        var examples = DatasetFiles.LoadFile(Save("wide.jsonl", encoding, encoding.GetBytes(Text)));

        Assert.Equal(utf8.Select(e => (e.Input, string.Join('|', e.References), e.Line)), examples.Select(e => (e.Input, string.Join('|', e.References), e.Line)));
        Assert.Equal([1, 3], examples.Select(e => e.Line));
    }

    [Fact]
    public void When_a_utf16_line_has_an_unpaired_surrogate_Should_refuse_it_naming_the_line_and_byte()
    {
        var utf16 = Encoding.Unicode;
        byte[] first = utf16.GetBytes("{\"input\": \"q\", \"target\": \"a\"}\r\n");
        byte[] before = utf16.GetBytes("{\"input\": \"caf");
        var file = Save("notepad.jsonl", utf16, [.. first, .. before, 0x3D, 0xD8, .. utf16.GetBytes("\", \"target\": \"b\"}\r\n")]);

        var e = Assert.Throws<DatasetException>(() => DatasetFiles.LoadFile(file));

        Assert.Equal($"{file}, line 2: not valid UTF-16 LE text (byte {before.Length + 1} of the line, byte {2 + first.Length + before.Length + 1} of the file); "
            + "expected UTF-16 LE throughout, as the file's byte order mark says.", e.Message);
        Assert.True(e.NotUtf8);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32")]
    public void When_a_utf16_or_utf32_file_has_no_byte_order_mark_Should_say_so_not_that_the_json_is_bad(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var file = Path.Combine(_temp.Path, "no-mark.jsonl");
        File.WriteAllBytes(file, encoding.GetBytes(Text)); // no preamble: the bytes are valid UTF-8, NULs among them

        var e = Assert.Throws<DatasetException>(() => DatasetFiles.LoadFile(file));

        Assert.StartsWith($"{file}, line 1: a NUL byte", e.Message, StringComparison.Ordinal);
        Assert.Contains("saved without a byte order mark", e.Message, StringComparison.Ordinal);
        Assert.True(e.NotUtf8);
    }
}
