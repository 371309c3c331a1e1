using System.Diagnostics;

namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>
/// Makes a file read-only for this process until disposed. Its mode alone does not stop root (specs run as root in
/// containers), so there the file is also made immutable (chattr +i, where the file system and capabilities allow).
/// </summary>
public sealed class ReadOnlyFile : IDisposable
{
    private readonly string path;
    private readonly UnixFileMode mode;
    private readonly bool immutable;

    private ReadOnlyFile(string path, UnixFileMode mode, bool immutable) => (this.path, this.mode, this.immutable) = (path, mode, immutable);

    /// <returns>Null when the file stays writable for this process whatever is tried.</returns>
    public static ReadOnlyFile? TryMake(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var immutable = Writable(path) && Chattr("+i", path) && !Writable(path);
        var readOnly = new ReadOnlyFile(path, mode, immutable);
        if (Writable(path))
        {
            readOnly.Dispose();
            return null;
        }

        return readOnly;
    }

    public void Dispose()
    {
        if (immutable)
        {
            Chattr("-i", path);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static bool Writable(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool Chattr(string change, string path)
    {
        try
        {
            using var chattr = Process.Start(new ProcessStartInfo("chattr", [change, path]) { RedirectStandardError = true });
            chattr!.StandardError.ReadToEnd();
            chattr.WaitForExit();
            return chattr.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no chattr here
        }
    }
}
