namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The log stream as LiteDB gets it: every I/O error of its reads and writes is shown to the store's
/// <see cref="StoreFaultMonitor"/> on the thread that meets it, and passes on unchanged (an exception filter that never
/// catches). LiteDB 5.0.20 writes the log on a thread of its own (DiskWriterQueue), whose error reaches no caller: it
/// closes the engine (EngineState.Handle). When that write failed after the call that queued the pages had let go of
/// the engine's transaction lock, closing disposed the lock, and every later query (each store call starts with one)
/// failed with ObjectDisposedException, never with the disk's error: the store never knew it was broken and liveness
/// passed (StoreLiveness_Specs, once on a busy machine). Seen here, the disk's error is the first the monitor hears of.
/// </summary>
internal sealed class FaultNoticingStream(Stream stream, StoreFaultMonitor faults) : Stream
{
    public override bool CanRead => stream.CanRead;

    public override bool CanSeek => stream.CanSeek;

    public override bool CanWrite => stream.CanWrite;

    public override long Length
    {
        get
        {
            try { return stream.Length; }
            catch (IOException ex) when (faults.Notice(ex)) { throw; }
        }
    }

    public override long Position
    {
        get => stream.Position;
        set => stream.Position = value;
    }

    /// <summary>To the operating system only, as LiteDB flushes a log stream it is given (<see cref="LiteDbLog.Flush"/> flushes to the disk).</summary>
    public override void Flush()
    {
        try { stream.Flush(); }
        catch (IOException ex) when (faults.Notice(ex)) { throw; }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        try { return stream.Read(buffer, offset, count); }
        catch (IOException ex) when (faults.Notice(ex)) { throw; }
    }

    public override int Read(Span<byte> buffer)
    {
        try { return stream.Read(buffer); }
        catch (IOException ex) when (faults.Notice(ex)) { throw; }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        try { stream.Write(buffer, offset, count); }
        catch (IOException ex) when (faults.Notice(ex)) { throw; }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try { stream.Write(buffer); }
        catch (IOException ex) when (faults.Notice(ex)) { throw; }
    }

    public override long Seek(long offset, SeekOrigin origin) => stream.Seek(offset, origin);

    public override void SetLength(long value)
    {
        try { stream.SetLength(value); }
        catch (IOException ex) when (faults.Notice(ex)) { throw; }
    }
}
