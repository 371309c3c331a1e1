using LiteDB;
using LiteDB.Engine;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The log (write-ahead) file of an embedded store, opened by the store and handed to LiteDB, so that a commit is
/// flushed to the disk once, not once per page.
/// <para>
/// LiteDB 5.0.20 flushes every 8 KB page of a commit on its own when it opens the log itself: its writer queue's
/// continuation runs on the committing thread, writes one page, finds the queue empty and calls fsync, page after page
/// (strace of the store's writer thread: 4,509 fsyncs for 8,848 page writes in 5 s; a commit of ~30 pages took
/// 30–40 ms and bounded the scheduler in P3). Given the log as a stream, LiteDB flushes it only to the operating system;
/// the store calls <see cref="Flush"/> after each commit (after each group commit of <see cref="LiteDbWriteQueue"/>),
/// before the caller hears back, so what a caller is told is stored survives a machine crash as before.
/// 5.0.21 dropped the per-page fsync but is not safe for concurrent use (litedb-org/LiteDB#2554, #2528).
/// </para>
/// </summary>
internal sealed class LiteDbLog : IDisposable
{
    private readonly string path;
    private readonly FileStream stream;
    private readonly StoreFaultMonitor faults;
    private readonly Lock gate = new();
    private long flushes;

    private LiteDbLog(string path, StoreFaultMonitor faults)
    {
        this.path = path;
        this.faults = faults;
        // LiteDB writes whole 8 KB pages at positions it chooses; no buffer of our own (LiteDB's own log handle uses FileShare.Read too).
        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess);
    }

    /// <summary>How many times the log was flushed to the disk (for specs).</summary>
    public long Flushes => Interlocked.Read(ref flushes);

    /// <summary>Opens the store file in LiteDB's direct mode with its log at LiteDB's own place for it (<c>name-log.ext</c>, FileHelper.GetLogFile).</summary>
    /// <param name="faults">Shown every error of the engine (<see cref="FaultNoticingEngine"/>), of LiteDB's writes of the log
    /// (<see cref="FaultNoticingStream"/>) and of the log's flushes.</param>
    public static (LiteDatabase Database, LiteDbLog Log) Open(string fullPath, BsonMapper mapper, StoreFaultMonitor faults)
    {
        var log = new LiteDbLog(PathFor(fullPath), faults);
        try
        {
            // LiteDB's writer of the log fails on a task of its own: its errors are noticed in the stream (FaultNoticingStream).
            var engine = new LiteEngine(new EngineSettings { Filename = fullPath, LogStream = new FaultNoticingStream(log.stream, faults) });
            return (new LiteDatabase(new FaultNoticingEngine(engine, faults), mapper, disposeOnClose: true), log);
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>Where the log of the store file <paramref name="fullPath"/> lives (LiteDB's FileHelper.GetLogFile).</summary>
    public static string PathFor(string fullPath) =>
        Path.Combine(Path.GetDirectoryName(fullPath) ?? ".", Path.GetFileNameWithoutExtension(fullPath) + "-log" + Path.GetExtension(fullPath));

    /// <summary>Flushes what LiteDB has written to the log to the disk: call after a commit, before acknowledging it.</summary>
    public void Flush()
    {
        lock (gate)
        {
            try
            {
                stream.Flush(flushToDisk: true);
            }
            catch (IOException ex) when (faults.Notice(ex))
            {
                throw;
            }

            flushes++;
        }
    }

    /// <summary>After the database is disposed (its last checkpoint empties the log): an empty log is removed, as LiteDB does with its own.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            var empty = stream.Length == 0;
            stream.Dispose();
            if (empty)
            {
                File.Delete(path);
            }
        }
    }
}
