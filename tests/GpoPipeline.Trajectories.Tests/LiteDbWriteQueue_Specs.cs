using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;
using LiteDB;

namespace GpoPipeline.Trajectories.Tests;

public sealed class LiteDbWriteQueue_Specs : IDisposable
{
    private readonly TemporaryDatabaseFile file = new();

    [Fact]
    public async Task When_the_flush_to_disk_fails_Should_fail_each_write_of_the_commit_with_the_reason_and_answer_later_writes()
    {
        var diskFails = false;
        using var database = new LiteDatabase(file.Path);
        using var queue = new LiteDbWriteQueue(database, () =>
        {
            if (diskFails)
            {
                throw new IOException("No space left on device");
            }
        });
        var items = database.GetCollection("items");

        diskFails = true;
        var failed = await Record.ExceptionAsync(() => queue.EnqueueAsync(() => items.Insert(new BsonDocument { ["_id"] = 1 })).WaitAsync(TimeSpan.FromSeconds(30)));
        diskFails = false;
        var later = await Record.ExceptionAsync(() => queue.EnqueueAsync(() => items.Insert(new BsonDocument { ["_id"] = 2 })).WaitAsync(TimeSpan.FromSeconds(30)));

        // The caller hears why; the writer thread lives on (an exception escaping it would end the process).
        Assert.Equal("No space left on device", Assert.IsType<IOException>(failed).Message);
        Assert.Null(later);
        Assert.Equal(2, items.Count());
    }

    [Fact]
    public async Task When_the_flush_fails_in_an_unexpected_way_Should_still_answer_the_write_and_the_next_one()
    {
        var calls = 0;
        using var database = new LiteDatabase(file.Path);
        using var queue = new LiteDbWriteQueue(database, () =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("the log was closed");
            }
        });
        var items = database.GetCollection("items");

        var failed = await Record.ExceptionAsync(() => queue.EnqueueAsync(() => items.Insert(new BsonDocument { ["_id"] = 1 })).WaitAsync(TimeSpan.FromSeconds(30)));
        var later = await Record.ExceptionAsync(() => queue.EnqueueAsync(() => items.Insert(new BsonDocument { ["_id"] = 2 })).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.IsType<InvalidOperationException>(failed);
        Assert.Null(later);
    }

    [Fact]
    public async Task When_a_batch_fails_Should_report_the_failure_before_its_writes_are_applied_again_and_after_each_that_fails()
    {
        var log = new List<string>();
        using var hold = new ManualResetEventSlim();
        using var database = new LiteDatabase(file.Path);
        using var queue = new LiteDbWriteQueue(database, () => { }, onFailure: () => log.Add("failure"));
        var items = database.GetCollection("items");

        // The first write holds the writer, so the next two are queued behind it and committed together.
        var holding = queue.EnqueueAsync(() => hold.Wait());
        await Task.Delay(200);
        var good = queue.EnqueueAsync(() =>
        {
            log.Add("good");
            items.Upsert(new BsonDocument { ["_id"] = 1 });
        });
        var bad = queue.EnqueueAsync(() =>
        {
            log.Add("bad");
            throw new InvalidOperationException("refused");
        });
        hold.Set();
        await holding.WaitAsync(TimeSpan.FromSeconds(30));
        await good.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(["good", "bad", "failure", "good", "bad", "failure"], log);
        Assert.Equal(1, items.Count());
    }

    public void Dispose() => file.Dispose();
}
