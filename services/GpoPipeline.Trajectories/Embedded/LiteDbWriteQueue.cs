using System.Threading.Channels;
using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// Group commit for the embedded store's hottest writes (response cache entries and usage increments, two per
/// model call). LiteDB's API is synchronous: written from the callers' thread-pool threads, every call blocked a
/// thread on LiteDB's collection lock and commit, and under 30+ calls in flight the pool starved (measured with
/// dotnet-trace: LiteDB upserts held 11 % of all thread time against 2 % for the HTTP calls themselves). Here one
/// dedicated thread drains whatever is queued into one transaction; each caller's task completes only after the
/// commit that holds its write, so what a caller was told is stored is as stored as before.
/// </summary>
internal sealed class LiteDbWriteQueue : IDisposable
{
    private const int MaxBatch = 256;
    private readonly LiteDatabase database;
    private readonly Action flushToDisk;
    private readonly Action onFailure;
    private readonly Channel<Write> queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread writer;

    /// <param name="flushToDisk">Makes committed writes durable (<see cref="LiteDbLog.Flush"/>); called after each commit, before its callers hear back.</param>
    /// <param name="onFailure">Called on the writer thread whenever a write may not be what the file holds: a batch
    /// failed (before its writes are applied again one by one), one of those failed, or a flush failed. What the writes
    /// keep in memory beside the file is dropped there.</param>
    public LiteDbWriteQueue(LiteDatabase database, Action flushToDisk, Action? onFailure = null)
    {
        this.database = database;
        this.flushToDisk = flushToDisk;
        this.onFailure = onFailure ?? (() => { });
        writer = new Thread(Drain) { IsBackground = true, Name = "gpo-litedb-writer" };
        writer.Start();
    }

    /// <summary>Queues <paramref name="apply"/> to run on the writer thread inside a batch's transaction.</summary>
    public Task EnqueueAsync(Action apply)
    {
        var write = new Write(apply, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(LiteDbRunStore), "The embedded store is closed.");
        }

        return write.Done.Task;
    }

    private void Drain()
    {
        var batch = new List<Write>(MaxBatch);
        while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            Commit(batch);
            batch.Clear();
        }
    }

    private void Commit(List<Write> batch)
    {
        var failures = new Exception?[batch.Count];
        try
        {
            database.BeginTrans();
            foreach (var write in batch)
            {
                write.Apply();
            }

            database.Commit();
        }
        catch (Exception)
        {
            RollBack();
            onFailure();
            // One write failed the batch: apply them one by one so each caller gets its own outcome.
            for (var i = 0; i < batch.Count; i++)
            {
                try
                {
                    batch[i].Apply();
                }
                catch (Exception ex)
                {
                    failures[i] = ex;
                    onFailure();
                }
            }
        }

        // A caller hears back only once its write is on the disk: one flush for the whole batch.
        var unflushed = Flush();
        if (unflushed is not null)
        {
            onFailure();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if ((failures[i] ?? unflushed) is { } error)
            {
                batch[i].Done.TrySetException(error);
            }
            else
            {
                batch[i].Done.TrySetResult();
            }
        }
    }

    /// <returns>Why the flush failed, for every caller of the batch: an exception escaping the writer thread would
    /// leave every later write waiting forever.</returns>
    private Exception? Flush()
    {
        try
        {
            flushToDisk();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private void RollBack()
    {
        try
        {
            database.Rollback();
        }
        catch (Exception)
        {
            // Nothing of the batch was committed; the writes are retried one by one below, which report any error.
        }
    }

    /// <summary>Stops taking writes and waits until every queued one is committed.</summary>
    public void Dispose()
    {
        queue.Writer.TryComplete();
        writer.Join();
    }

    private sealed record Write(Action Apply, TaskCompletionSource Done);
}
