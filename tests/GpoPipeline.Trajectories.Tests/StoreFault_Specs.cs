using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;
using LiteDB;
using LiteDB.Engine;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>An embedded store whose file LiteDB closed after an I/O error reports itself broken (IStoreFaultSource), so
/// that liveness can have the process restarted instead of failing every call forever.</summary>
public sealed class StoreFault_Specs : IDisposable
{
    private readonly TemporaryDatabaseFile file = new();

    [Fact]
    public async Task When_the_disk_is_full_for_the_log_Should_report_the_store_broken_with_the_cause_once()
    {
        using (new LiteDbRunStore(file.Path))
        {
            // The store's file with its collections: opening it again writes nothing.
        }

        FullDisk.ForLog(LiteDbLog.PathFor(file.Path));
        var reported = new List<StoreFault>();
        using var store = new LiteDbRunStore(file.Path, fault => { lock (reported) { reported.Add(fault); } });
        Assert.Null(store.Fault);

        var failure = await FullDisk.WriteUntilFailureAsync(i => store.StoreContentAsync($"content-{i}", [1, 2, 3]));
        await Record.ExceptionAsync(() => store.StoreContentAsync("one-more", [4]));

        Assert.NotNull(failure);
        var fault = Assert.Single(reported);
        Assert.Same(fault, store.Fault);
        Assert.Equal(file.Path, fault.File);
        Assert.Contains(FullDisk.Error, fault.Cause.Message, StringComparison.Ordinal);
        Assert.Contains($"The run store {file.Path} stopped working", fault.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_store_is_disposed_Should_not_take_the_refusals_of_late_callers_for_a_fault()
    {
        var store = new LiteDbRunStore(file.Path);
        store.Dispose();

        await Record.ExceptionAsync(() => store.StoreContentAsync("late", [1]));
        await Record.ExceptionAsync(() => store.SetCachedResponseAsync("late", [1]));

        Assert.Null(store.Fault);
    }

    /// <summary>
    /// The interleaving that left a broken store looking alive (StoreLiveness_Specs failed once on a busy machine):
    /// LiteDB's log writer, a thread of its own, failed only after the write that queued the pages had returned and let
    /// go of the engine's transaction lock. Closing the engine then disposed that lock, so every later query (each
    /// store call starts with one) failed with ObjectDisposedException, never with the disk's error, and nothing
    /// marked the store broken. The writer's error is noticed where it happens, in the log stream LiteDB writes.
    /// Here the writer is held until the write that queued its pages has returned.
    /// </summary>
    [Fact]
    public async Task When_the_log_writer_fails_after_the_write_returned_Should_report_the_disk_error_though_no_caller_hears_it()
    {
        var reported = new List<StoreFault>();
        var faults = new StoreFaultMonitor(file.Path, "run store", fault => { lock (reported) { reported.Add(fault); } });
        using var fullDisk = new FileStream("/dev/full", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        using var held = new HeldWrites(fullDisk);
        using (var engine = new LiteEngine(new EngineSettings { Filename = file.Path, LogStream = new FaultNoticingStream(held, faults) }))
        {
            engine.Insert("contents", [new BsonDocument { ["_id"] = "content-0" }], BsonAutoId.ObjectId);
            Assert.Null(faults.Fault);

            held.Release();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (faults.Fault is null && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }

        var fault = Assert.Single(reported);
        Assert.IsAssignableFrom<IOException>(fault.Cause);
        Assert.Contains(FullDisk.Error, fault.Cause.Message, StringComparison.Ordinal);
    }

    public void Dispose() => file.Dispose();

    /// <summary>A log whose writes wait until <see cref="Release"/> (LiteDB writes its log on a thread of its own).</summary>
    private sealed class HeldWrites(Stream stream) : Stream
    {
        private readonly ManualResetEventSlim released = new();

        public void Release() => released.Set();

        public override bool CanRead => stream.CanRead;

        public override bool CanSeek => stream.CanSeek;

        public override bool CanWrite => stream.CanWrite;

        public override long Length => stream.Length;

        public override long Position { get => stream.Position; set => stream.Position = value; }

        public override void Flush() => stream.Flush();

        public override int Read(byte[] buffer, int offset, int count) => stream.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => stream.Seek(offset, origin);

        public override void SetLength(long value) => stream.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count)
        {
            released.Wait(TimeSpan.FromSeconds(10));
            stream.Write(buffer, offset, count);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                released.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
