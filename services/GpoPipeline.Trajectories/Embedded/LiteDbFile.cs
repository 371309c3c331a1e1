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

    /// <summary>
    /// Why <paramref name="fullPath"/> names nothing a store can be opened on (a folder, a file this process may not
    /// write), or null. Asked before the store's lock is taken: the lock opens the file for writing itself, and failed
    /// there with the operating system's bare "Is a directory" or "Access denied", leaving a lock file beside a folder.
    /// </summary>
    public static string? PathProblem(string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            return $"{fullPath} is a folder; name a file, e.g. {Path.Combine(fullPath, "runs.db")}";
        }

        if (!File.Exists(fullPath))
        {
            return null;
        }

        try
        {
            // Opened for writing and closed at once, nothing written: another process may hold the store meanwhile.
            using var writable = new FileStream(fullPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return $"{fullPath} is read-only for this process (user {Environment.UserName}); a store is written even to be read (its log is replayed into it): make the file writable, or name another file";
        }
    }

    /// <summary>Why the file at <paramref name="fullPath"/> cannot be opened as a store, or null when it can (a store, an empty file, or no file yet). Also <see cref="PathProblem"/>.</summary>
    public static string? Problem(string fullPath)
    {
        if (PathProblem(fullPath) is { } pathProblem)
        {
            return pathProblem;
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
        if (read != header.Length || !header.AsSpan(HeaderInfoOffset).SequenceEqual(HeaderInfo))
        {
            return $"{fullPath} is not a run store (not a LiteDB file) and was left untouched; name a new file or an existing store";
        }

        // LiteDB writes its file in whole pages and, opening one that is not, cuts it down to whole pages: right for a
        // page torn by a crash while its log still holds it, but without a log nothing can restore the page, so the file
        // was damaged outside the store (cut short, copied in part) and cutting it only destroys more (issue: a `gpo runs`
        // that refused such a file had cropped it first).
        return file.Length % PageSize != 0 && !HasLog(fullPath)
            ? $"{fullPath} is damaged ({file.Length:N0} bytes, not whole pages of {PageSize:N0}: cut short or copied in part) and was left untouched; restore it from a copy"
            : null;
    }

    /// <summary>LiteDB 5's page size (LiteDB/Engine/Constants.cs, PAGE_SIZE).</summary>
    private const int PageSize = 8192;

    private static bool HasLog(string fullPath)
    {
        var log = new FileInfo(LiteDbLog.PathFor(fullPath));
        return log.Exists && log.Length > 0;
    }
}
