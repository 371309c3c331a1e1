using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// Notices the errors after which an embedded store's LiteDB engine is gone for good, and keeps the first. LiteDB 5.0.20
/// closes its engine on an <see cref="IOException"/> or an invalid-datafile-state error (EngineState.Handle), whether in
/// a commit or on its background log writer; every later write then throws that error again (or "engine disposed")
/// while nothing says the store is dead, so the process stayed alive and useless. A failed flush of the log is as
/// final: after a failed fsync the kernel may have dropped the pages it could not write, so a later flush that succeeds
/// no longer proves the log whole (PostgreSQL's "fsyncgate"); only replaying the log on a restart is sound.
/// </summary>
internal sealed class StoreFaultMonitor(string file, string kind, Action<StoreFault>? onFault)
{
    private StoreFault? fault;
    private volatile bool closing;

    public StoreFault? Fault => Volatile.Read(ref fault);

    /// <summary>The store is being disposed: the "engine disposed" errors of late callers are no fault.</summary>
    public void Closing() => closing = true;

    /// <summary>Records <paramref name="error"/> when it is one LiteDB does not come back from; the first is reported once.</summary>
    /// <returns>Always false, so that it can sit in an exception filter that lets the error fly on untouched.</returns>
    public bool Notice(Exception error)
    {
        if (closing || !IsFatal(error) || Fault is not null)
        {
            return false;
        }

        var noticed = new StoreFault(file, kind, error, DateTimeOffset.UtcNow);
        if (Interlocked.CompareExchange(ref fault, noticed, null) is null)
        {
            onFault?.Invoke(noticed);
        }

        return false;
    }

    internal static bool IsFatal(Exception error) =>
        error is IOException or LiteException { ErrorCode: LiteException.ENGINE_DISPOSED or LiteException.INVALID_DATAFILE_STATE };
}
