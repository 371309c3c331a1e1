using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Mongo;
using GpoPipeline.Trajectories.Tests.Support;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Trajectories.Tests;

public sealed class RunStoreRegistration_Specs : IDisposable
{
    private readonly TemporaryDatabaseFile file = new();

    [Fact]
    public async Task When_the_connection_string_is_a_path_in_a_missing_folder_Should_create_it_and_use_LiteDB()
    {
        var path = Path.Combine(file.Folder, "nested", "deeper", "runs.db");
        using var provider = Build(new() { ["Store:ConnectionString"] = path });

        var store = provider.GetRequiredService<IRunStore>();
        await store.StoreContentAsync("k", [1]);

        Assert.IsType<LiteDbRunStore>(store);
        Assert.True(File.Exists(path));
        Assert.Same(store, provider.GetRequiredService<IRunStore>());
        Assert.Equal([1], await store.GetContentAsync("k"));
        // The model clients' cache is no longer the store's: workers hold none, the scheduler memoizes (DESIGN §2).
        Assert.Null(provider.GetService<IDistributedCache>());
    }

    [Fact]
    public void When_the_connection_string_is_a_MongoDB_uri_Should_use_MongoDB()
    {
        // Constructing the store connects to nothing: indexes are created on first use.
        using var provider = Build(new() { ["Store:ConnectionString"] = "mongodb://localhost:1", ["Store:Database"] = "gpo-registration" });

        Assert.IsType<MongoRunStore>(provider.GetRequiredService<IRunStore>());
    }

    [Fact]
    public void When_nothing_is_configured_Should_default_to_a_LiteDB_file_in_the_user_data_folder()
    {
        var options = new StoreOptions();

        Assert.False(options.UsesMongoDb);
        Assert.Equal("gpo", options.Database);
        Assert.StartsWith(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), StoreOptions.DefaultLiteDbPath);
        Assert.EndsWith(Path.Combine("gpo", "runs.db"), StoreOptions.DefaultLiteDbPath);
    }

    [Fact]
    public void When_the_path_cannot_hold_a_file_Should_name_the_setting_and_the_path()
    {
        var blocker = Path.Combine(file.Folder, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var path = Path.Combine(blocker, "runs.db");
        using var provider = Build(new() { ["Store:ConnectionString"] = path });

        var error = Assert.Throws<StoreSettingException>(() => provider.GetRequiredService<IRunStore>());

        Assert.Contains("Store:ConnectionString", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void When_the_MongoDB_uri_is_malformed_Should_name_the_setting_without_echoing_the_uri()
    {
        using var provider = Build(new() { ["Store:ConnectionString"] = "mongodb://user:secret@host:notaport" });

        var error = Assert.Throws<StoreSettingException>(() => provider.GetRequiredService<IRunStore>());

        Assert.Contains("Store:ConnectionString", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void When_the_MongoDB_uri_is_malformed_Should_refuse_the_control_plane_database_naming_the_setting_without_echoing_the_uri()
    {
        var error = Assert.Throws<StoreSettingException>(() =>
            ControlPlaneDatabaseFactory.Create(new StoreOptions { ConnectionString = "mongodb://user:secret@host:notaport", Database = "gpo" }));

        Assert.Contains("Store:ConnectionString", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void When_the_control_plane_file_is_not_a_store_Should_name_the_setting_and_leave_the_file_untouched()
    {
        var runStore = Path.Combine(file.Folder, "runs.db");
        var controlPlane = ControlPlaneDatabaseFactory.EmbeddedPath(runStore);
        File.WriteAllText(controlPlane, "my notes\n");

        var error = Assert.Throws<StoreSettingException>(() => ControlPlaneDatabaseFactory.Create(new StoreOptions { ConnectionString = runStore }));

        Assert.Contains("Store:ConnectionString", error.Message);
        Assert.Contains($"{controlPlane} is not a run store", error.Message);
        Assert.Equal("my notes\n", File.ReadAllText(controlPlane));
    }

    [Fact]
    public void When_a_file_is_opened_twice_in_one_process_Should_refuse_the_second_store()
    {
        using var first = new LiteDbRunStore(file.Path);

        var error = Assert.Throws<InvalidOperationException>(() => new LiteDbRunStore(file.Path));

        Assert.Contains("already open", error.Message);
    }

    public void Dispose() => file.Dispose();

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddRunStore(configuration).BuildServiceProvider();
    }
}
