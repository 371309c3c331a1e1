using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// An exclusive OS-level lock that keeps a second process off an embedded store file (issue 13: two processes on one
/// LiteDB file corrupted it). The lock is a POSIX record lock (fcntl, via <see cref="FileStream.Lock"/>) on byte 0 of
/// a sidecar file <c>&lt;store&gt;.lock</c>, not on the store itself: record locks belong to the process and vanish
/// when it closes any handle of the locked file, and LiteDB opens and closes handles of its own file. The kernel
/// drops the lock when the holder dies (even by kill -9), so a stale sidecar never blocks anyone. The holder writes
/// its process id, name and start time after byte 0, where a refused process reads them to name it.
/// </summary>
public sealed class StoreFileLock : IDisposable
{
    private readonly FileStream stream;
    private readonly StoreFileIdentityLock identity;

    private StoreFileLock(FileStream stream, StoreFileIdentityLock identity) => (this.stream, this.identity) = (stream, identity);

    public static string PathFor(string storeFile) => storeFile + ".lock";

    /// <param name="kind">What the file holds, as the error names it ("run store").</param>
    /// <exception cref="StoreFileInUseException">Another process holds the store.</exception>
    public static StoreFileLock Acquire(string storeFile, string kind = LiteDbRunStore.Kind)
    {
        var lockPath = PathFor(storeFile);
        // FileShare.ReadWrite: .NET maps FileShare.None to flock(LOCK_EX), which would also stop the refused
        // process from reading who holds the lock. The exclusion is the record lock below.
        var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        try
        {
            // .NET offers no record locks on macOS; there the in-process guard (OpenDatabaseFiles) is all there is.
            if (!OperatingSystem.IsMacOS())
            {
                stream.Lock(0, 1);
            }
        }
        catch (IOException)
        {
            var holder = ReadHolder(stream);
            stream.Dispose();
            throw new StoreFileInUseException(storeFile, holder, kind);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        // Whatever fails from here on closes the lock file again: a leaked handle would later drop this process's record
        // lock when the garbage collector closes it (record locks belong to the process), under a store opened since.
        StoreFileIdentityLock? identity = null;
        try
        {
            // The file under any other name (a hard link): its own lock beside it is another file.
            identity = StoreFileIdentityLock.TryAcquire(storeFile, StoreFileIdentityLock.Patience)
                ?? throw new StoreFileInUseException(storeFile, "a process that opened it under another name (a hard link to it)", kind);
            WriteHolder(stream);
            return new StoreFileLock(stream, identity);
        }
        catch
        {
            identity?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        // Closing the handle releases the record lock; the sidecar stays (deleting it would race a process that
        // has just opened it and is about to lock it).
        identity.Dispose();
        stream.Dispose();
    }

    private static void WriteHolder(FileStream stream)
    {
        using var process = Process.GetCurrentProcess();
        var text = string.Create(CultureInfo.InvariantCulture, $"\n{Environment.ProcessId}\n{process.ProcessName}\n{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC\n");
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.SetLength(1 + bytes.Length);
        stream.Position = 1;
        stream.Write(bytes);
        stream.Flush(flushToDisk: false);
    }

    private static string ReadHolder(FileStream stream)
    {
        try
        {
            stream.Position = 1;
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Length >= 3 ? $"process {lines[0]} ({lines[1]}, since {lines[2]})" : "another process";
        }
        catch (IOException)
        {
            return "another process";
        }
    }
}
