using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;
using LiteDB;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>An embedded store that cannot be opened says why, and leaves nothing open or behind: the next open in the
/// same process (a service's retry, a user who fixed the file) meets the file as it is, not its own leftovers.</summary>
public sealed class StoreOpenFailures_Specs : IDisposable
{
    private readonly TemporaryDatabaseFile file = new();

    [Fact]
    public void When_the_store_path_is_a_folder_Should_say_to_name_a_file_and_leave_no_lock_file_beside_it()
    {
        Directory.CreateDirectory(file.Path);

        var direct = Assert.Throws<IOException>(() => new LiteDbRunStore(file.Path));
        var configured = Assert.Throws<StoreSettingException>(() => RunStoreFactory.Create(new StoreOptions { ConnectionString = file.Path }));

        Assert.Contains($"{file.Path} is a folder; name a file", direct.Message, StringComparison.Ordinal);
        Assert.Contains("Store:ConnectionString", configured.Message, StringComparison.Ordinal);
        Assert.Contains($"{file.Path} is a folder; name a file", configured.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(StoreFileLock.PathFor(file.Path)), "no stray lock file beside the folder");
    }

    [Fact]
    public void When_the_lock_cannot_open_the_store_file_Should_close_the_lock_file_it_opened()
    {
        Directory.CreateDirectory(file.Path); // the lock opens the store file itself (StoreFileIdentityLock): a folder fails there

        Assert.ThrowsAny<Exception>(() => StoreFileLock.Acquire(file.Path));

        // A leaked handle of the lock file drops this process's lock when the garbage collector closes it, under a store opened since.
        Assert.Equal(0, OpenHandles.To(StoreFileLock.PathFor(file.Path)));
    }

    [SkippableFact]
    public async Task When_the_store_file_is_read_only_Should_say_so_hold_nothing_open_and_open_once_it_is_writable()
    {
        await WriteStoreAsync("kept");
        var readOnly = ReadOnlyFile.TryMake(file.Path);
        Skip.If(readOnly is null, "this process can write any file (root without chattr): no read-only file to open");
        StoreSettingException refused;
        using (readOnly)
        {
            refused = Assert.Throws<StoreSettingException>(() => RunStoreFactory.Create(new StoreOptions { ConnectionString = file.Path }));
        }

        Assert.Contains($"{file.Path} is read-only for this process", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, OpenHandles.To(StoreFileLock.PathFor(file.Path)));
        using var store = new LiteDbRunStore(file.Path);
        Assert.Equal([7], await store.GetContentAsync("kept"));
    }

    [Fact]
    public void When_setting_up_the_opened_file_fails_Should_close_it_so_that_the_next_open_in_this_process_hears_the_same_problem()
    {
        // LiteDB opens the file, then the store's own setup fails (as when a damaged page is met reading the memo): here an
        // index of the name the store gives its own indexes something else.
        using (var database = new LiteDatabase($"Filename={file.Path};Connection=direct"))
        {
            database.GetCollection("runs").EnsureIndex("CreatedAt", "$.Elsewhere");
        }

        var first = Record.Exception(() => RunStoreFactory.Create(new StoreOptions { ConnectionString = file.Path }));
        var handles = new[] { file.Path, LiteDbLog.PathFor(file.Path), StoreFileLock.PathFor(file.Path) }.Sum(OpenHandles.To);
        var second = Record.Exception(() => RunStoreFactory.Create(new StoreOptions { ConnectionString = file.Path }));

        Assert.IsType<StoreSettingException>(first);
        Assert.Equal(0, handles);
        // Not "already open in this process" (an InvalidOperationException, a stack trace in a service).
        Assert.Equal(first.Message, Assert.IsType<StoreSettingException>(second).Message);
        using (var database = new LiteDatabase($"Filename={file.Path};Connection=direct"))
        {
            database.GetCollection("runs").DropIndex("CreatedAt");
        }

        using var repaired = new LiteDbRunStore(file.Path);
    }

    public void Dispose() => file.Dispose();

    private async Task WriteStoreAsync(string hash)
    {
        using var store = new LiteDbRunStore(file.Path);
        await store.StoreContentAsync(hash, [7]);
    }
}
