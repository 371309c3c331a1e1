namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>The handles this process holds open on a file (Linux: the links in /proc/self/fd): a store that failed to
/// open must hold none, or the handles leak until the garbage collector closes them.</summary>
public static class OpenHandles
{
    public static int To(string path) =>
        Directory.EnumerateFileSystemEntries("/proc/self/fd").Count(fd => Target(fd) == path);

    private static string? Target(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget;
        }
        catch (IOException)
        {
            return null; // closed meanwhile (the enumeration's own handle, or another test's)
        }
    }
}
