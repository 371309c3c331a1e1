using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;

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

    public void Dispose() => file.Dispose();
}
