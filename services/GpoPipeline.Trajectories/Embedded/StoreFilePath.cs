namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The one name of an embedded store's file: absolute, with every symbolic link in it followed (as realpath does). A
/// store opened through a link was cropped to nothing: LiteDB takes the file's length from the link itself (a few
/// bytes, not whole pages) and cuts the file it points at down to that; and the lock beside the store
/// (<see cref="StoreFileLock"/>), the log beside it (<see cref="LiteDbLog"/>) and this process's guard
/// (<see cref="OpenDatabaseFiles"/>) each went by the name given, so a second process through another name got in.
/// </summary>
public static class StoreFilePath
{
    /// <summary>As Linux's MAXSYMLINKS: a loop of links is an error, not a hang.</summary>
    private const int MaxLinks = 40;

    /// <exception cref="IOException">The links loop, or more than <see cref="MaxLinks"/> are followed.</exception>
    public static string Resolve(string path)
    {
        var followed = 0;
        return Resolve(Path.GetFullPath(path), ref followed);
    }

    private static string Resolve(string fullPath, ref int followed)
    {
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var resolved = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(resolved, part);
            // Null when next is no link (or does not exist yet: a new store's file).
            if (new FileInfo(next).LinkTarget is { } target)
            {
                if (++followed > MaxLinks)
                {
                    throw new IOException($"{fullPath}: too many levels of symbolic links.");
                }

                // A relative target is relative to the link's folder, which is resolved already, so ".." in it is exact.
                next = Resolve(Path.GetFullPath(target, resolved), ref followed);
            }

            resolved = next;
        }

        return resolved;
    }
}
