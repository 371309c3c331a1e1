using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// An embedded store's LiteDB file as this process holds it, whichever store it is (the run store, the control plane's):
/// claimed in this process (<see cref="OpenDatabaseFiles"/>), locked against every other (<see cref="StoreFileLock"/>),
/// checked before LiteDB may write it (<see cref="LiteDbFile"/>), and opened with its log (<see cref="LiteDbLog"/>).
/// Two stores on one LiteDB file at once corrupt it, in one process or in two.
/// </summary>
internal sealed class EmbeddedStoreFile : IDisposable
{
    private readonly StoreFileLock fileLock;

    private EmbeddedStoreFile(string fullPath, StoreFileLock fileLock, LiteDatabase database, LiteDbLog log, StoreFaultMonitor faults) =>
        (FullPath, this.fileLock, Database, Log, Faults) = (fullPath, fileLock, database, log, faults);

    /// <summary>The file's one name (<see cref="StoreFilePath"/>).</summary>
    public string FullPath { get; }

    public LiteDatabase Database { get; }

    public LiteDbLog Log { get; }

    /// <summary>Whether the file broke for the rest of this process's life, and why (<see cref="StoreFaultMonitor"/>).</summary>
    public StoreFaultMonitor Faults { get; }

    /// <param name="kind">What the file holds, as its errors name it ("run store", "control-plane store").</param>
    /// <param name="onFault">Called once, on the thread that met it, when the file breaks for good (<see cref="StoreFaultMonitor"/>).</param>
    /// <exception cref="InvalidOperationException">This process has the file open already.</exception>
    /// <exception cref="StoreFileInUseException">Another process has it open.</exception>
    /// <exception cref="IOException">The path names a folder, a read-only file, or a file that is not a store (the message says which).</exception>
    public static EmbeddedStoreFile Open(string path, BsonMapper mapper, string kind, Action<StoreFault>? onFault = null)
    {
        var fullPath = OpenDatabaseFiles.Claim(path, kind);
        StoreFileLock? fileLock = null;
        try
        {
            // What the path names is checked before the lock: for a folder the lock left a stray <folder>.lock and failed
            // on its own with a bare "Is a directory".
            ThrowIfUnusable(LiteDbFile.PathProblem(fullPath));
            fileLock = StoreFileLock.Acquire(fullPath, kind);
            // The lock first (it keeps other processes off), then the content check: LiteDB would turn any file into a database.
            ThrowIfUnusable(LiteDbFile.Problem(fullPath));
            var faults = new StoreFaultMonitor(fullPath, kind, onFault);
            var (database, log) = LiteDbLog.Open(fullPath, mapper, faults);
            return new EmbeddedStoreFile(fullPath, fileLock, database, log, faults);
        }
        catch
        {
            fileLock?.Dispose();
            OpenDatabaseFiles.Release(fullPath);
            throw;
        }
    }

    /// <summary>Closes the database, then its log, then gives the file up; each step even if one before it fails.</summary>
    public void Dispose()
    {
        Faults.Closing();
        try
        {
            try
            {
                Database.Dispose();
            }
            finally
            {
                Log.Dispose();
            }
        }
        finally
        {
            fileLock.Dispose();
            OpenDatabaseFiles.Release(FullPath);
        }
    }

    private static void ThrowIfUnusable(string? problem)
    {
        if (problem is not null)
        {
            throw new IOException(problem);
        }
    }
}
