using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// A lock on the store file itself, whatever its name: the lock beside it (<see cref="StoreFileLock"/>) goes by the
/// file's name, and a hard link gives one file two names, so two processes each took "their" store and one's runs
/// were lost (the CLI review). This is a Linux open-file-description lock (fcntl F_OFD_SETLK): it belongs to the inode,
/// so every name of the file meets it, and to this handle, so LiteDB opening and closing its own handles of the file
/// does not drop it (a classic record lock would vanish then). The byte locked lies far beyond any store's end, where
/// nothing reads or writes. Elsewhere (macOS, Windows) or where a file system takes no such lock, there is none.
/// <para>An open file description is shared with a child process between its fork and its exec (until the exec closes
/// the handle), so a store closed an instant before this process started another could still look held: a clean CI
/// run once found its own store "in use under another name" that way. A refusal is therefore retried for
/// <see cref="Patience"/> (a child execs within milliseconds); a store really held under another name stays refused.</para>
/// </summary>
internal sealed partial class StoreFileIdentityLock : IDisposable
{
    private const int OfdSetLock = 37; // F_OFD_SETLK, the same on every Linux architecture
    private const short WriteLock = 1; // F_WRLCK
    private const long FarByte = long.MaxValue - 1;
    private readonly FileStream? file;

    private StoreFileIdentityLock(FileStream? file) => this.file = file;

    /// <summary>How long a held lock is waited for before the store is refused.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <returns>The lock, or null when another open file description (another process, or another name in this one)
    /// held it throughout <paramref name="patience"/>.</returns>
    public static StoreFileIdentityLock? TryAcquire(string storeFile, TimeSpan patience)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new StoreFileIdentityLock(null);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var taken = TryAcquireOnce(storeFile);
            if (taken is not null || waited.Elapsed >= patience)
            {
                return taken;
            }

            Thread.Sleep(Poll);
        }
    }

    private static StoreFileIdentityLock? TryAcquireOnce(string storeFile)
    {

        var file = new FileStream(storeFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var range = new FileRange { Type = WriteLock, Whence = 0, Start = FarByte, Length = 1 };
        if (Fcntl(file.SafeFileHandle, OfdSetLock, ref range) == 0)
        {
            return new StoreFileIdentityLock(file);
        }

        var error = Marshal.GetLastPInvokeError();
        file.Dispose();
        // EAGAIN/EACCES: held. Anything else (EINVAL: no OFD locks on this kernel or file system): no lock to take.
        return error is 11 or 13 ? null : new StoreFileIdentityLock(null);
    }

    public void Dispose() => file?.Dispose(); // closing the handle releases the lock

    [StructLayout(LayoutKind.Sequential)]
    private struct FileRange
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(SafeFileHandle handle, int command, ref FileRange range);
}
