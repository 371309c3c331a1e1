using System.Text;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// Tells a LiteDB store file from any other file before anything is written to it: LiteDB turns whatever file it is
/// given into a database, and a mistyped path once truncated a user's 13 KB .jsonl (issue 18).
/// </summary>
public static class LiteDbFile
{
    // LiteDB 5 header page (LiteDB/Engine/Pages/HeaderPage.cs): HEADER_INFO at P_HEADER_INFO = 32, then FILE_VERSION 8 at 59.
    private const int HeaderInfoOffset = 32;
    private static readonly byte[] HeaderInfo = Encoding.UTF8.GetBytes("** This is a LiteDB file **");

    /// <summary>Why <paramref name="fullPath"/> cannot be opened as a store, or null when it can (a store, an empty file, or no file yet).</summary>
    public static string? Problem(string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            return $"{fullPath} is a folder; name a file, e.g. {Path.Combine(fullPath, "runs.db")}";
        }

        if (!File.Exists(fullPath))
        {
            return null;
        }

        using var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length == 0)
        {
            return null;
        }

        var header = new byte[HeaderInfoOffset + HeaderInfo.Length];
        var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return read == header.Length && header.AsSpan(HeaderInfoOffset).SequenceEqual(HeaderInfo)
            ? null
            : $"{fullPath} is not a run store (not a LiteDB file) and was left untouched; name a new file or an existing store";
    }
}
