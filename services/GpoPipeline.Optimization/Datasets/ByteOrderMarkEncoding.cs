using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// UTF-16 or UTF-32, told by the byte order mark a dataset file starts with (Windows Notepad and PowerShell's <c>&gt;</c>
/// write UTF-16 with one). Decoded strictly: a unit that is not a character (an unpaired surrogate, a value past
/// U+10FFFF, a cut-off unit) is refused with its line and byte, never replaced.
/// </summary>
internal sealed class ByteOrderMarkEncoding(string name, byte[] byteOrderMark, int unitBytes, bool bigEndian)
{
    private static readonly ByteOrderMarkEncoding[] All =
    [
        new("UTF-32 LE", [0xFF, 0xFE, 0x00, 0x00], 4, bigEndian: false), // before UTF-16 LE: its mark begins the same way
        new("UTF-32 BE", [0x00, 0x00, 0xFE, 0xFF], 4, bigEndian: true),
        new("UTF-16 LE", [0xFF, 0xFE], 2, bigEndian: false),
        new("UTF-16 BE", [0xFE, 0xFF], 2, bigEndian: true),
    ];

    private readonly byte[] _mark = byteOrderMark;

    /// <summary>The encoding the bytes' mark names; null without a UTF-16 or UTF-32 mark (the bytes must then be UTF-8).</summary>
    public static ByteOrderMarkEncoding? Of(ReadOnlySpan<byte> bytes)
    {
        foreach (var encoding in All)
        {
            if (bytes.StartsWith(encoding._mark))
            {
                return encoding;
            }
        }

        return null;
    }

    /// <summary>The text after the mark; a line in an error is counted by its <c>\n</c>, as for UTF-8 bytes.</summary>
    public string Decode(ReadOnlySpan<byte> bytes, string source)
    {
        var text = new StringBuilder(bytes.Length / unitBytes);
        Span<char> chars = stackalloc char[2];
        var (line, lineStart) = (1, _mark.Length);
        for (var at = _mark.Length; at < bytes.Length;)
        {
            if (!TryRead(bytes[at..], out var rune, out var length))
            {
                throw new DatasetException(source, line, string.Create(CultureInfo.InvariantCulture,
                    $"not valid {name} text (byte {at - lineStart + 1} of the line, byte {at + 1:N0} of the file); expected {name} throughout, as the file's byte order mark says."))
                { NotUtf8 = true };
            }

            text.Append(chars[..rune.EncodeToUtf16(chars)]);
            at += length;
            if (rune.Value == '\n')
            {
                (line, lineStart) = (line + 1, at);
            }
        }

        return text.ToString();
    }

    private bool TryRead(ReadOnlySpan<byte> rest, out Rune rune, out int length)
    {
        rune = default;
        length = unitBytes;
        if (rest.Length < unitBytes)
        {
            return false;
        }

        if (unitBytes == 4)
        {
            return Rune.TryCreate(bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(rest) : BinaryPrimitives.ReadUInt32LittleEndian(rest), out rune);
        }

        var first = Char16(rest);
        if (Rune.TryCreate(first, out rune))
        {
            return true;
        }

        length = 2 * unitBytes; // a surrogate: a character only with the low surrogate after it
        return rest.Length >= length && Rune.TryCreate(first, Char16(rest[unitBytes..]), out rune);
    }

    private char Char16(ReadOnlySpan<byte> rest) =>
        (char)(bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(rest) : BinaryPrimitives.ReadUInt16LittleEndian(rest));
}
