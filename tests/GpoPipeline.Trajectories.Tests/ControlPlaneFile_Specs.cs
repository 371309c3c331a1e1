using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.ControlPlane.Embedded;
using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// The embedded control plane's file is one run store's own and is held as the run store holds its file: two writers
/// on one LiteDB file corrupt it, whether they are two opens in one process, two processes, or two run stores whose
/// control planes got one name.
/// </summary>
public sealed class ControlPlaneFile_Specs : IDisposable
{
    private readonly TemporaryDatabaseFile file = new();

    private string ControlPlane => Path.Combine(file.Folder, "runs.controlplane.db");

    [Fact]
    public void When_the_control_plane_file_is_open_Should_refuse_a_second_open_in_this_process()
    {
        using var first = new LiteDbControlPlaneDatabase(ControlPlane);

        var error = Assert.Throws<InvalidOperationException>(() => new LiteDbControlPlaneDatabase(ControlPlane));

        Assert.Contains($"The control-plane store file '{ControlPlane}' is already open in this process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_control_plane_file_is_held_under_another_name_Should_refuse_it_naming_the_file_and_keep_the_holders_data()
    {
        var hardLink = Path.Combine(file.Folder, "other-name.db");
        using var first = new LiteDbControlPlaneDatabase(ControlPlane);
        var store = new ControlPlaneStore(first);
        Assert.True(await store.TryCreateTaskAsync(new TaskRecord { Id = "t1", Settings = new() { DataPath = "" } }));
        Assert.Equal(0, Link(ControlPlane, hardLink));

        // Another process holding it is refused the same way (the lock is the OS's; this one is on the file, whatever its name).
        var error = Assert.Throws<StoreFileInUseException>(() => new LiteDbControlPlaneDatabase(hardLink));

        Assert.StartsWith($"The control-plane store {hardLink} is in use by a process that opened it under another name", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await store.GetTaskAsync("t1"));
    }

    [Fact]
    public void When_run_store_files_differ_only_in_their_extension_Should_each_have_a_control_plane_file_of_its_own()
    {
        var names = new[] { "prod.db", "prod", "prod.litedb", "prod.DB" }.Select(name => ControlPlaneDatabaseFactory.EmbeddedPath(Path.Combine(file.Folder, name))).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Path.Combine(file.Folder, "prod.controlplane.db"), names[0]); // the usual name is kept
        Assert.Equal(Path.Combine(file.Folder, "prod.controlplane"), names[1]);
    }

    [Fact]
    public async Task When_run_stores_prod_db_and_prod_are_served_at_once_Should_open_a_control_plane_each()
    {
        // As two control planes do (ControlPlaneRegistration): the run store, then the control plane beside it.
        var prodDb = new StoreOptions { ConnectionString = Path.Combine(file.Folder, "prod.db") };
        var prod = new StoreOptions { ConnectionString = Path.Combine(file.Folder, "prod") };
        using var first = (IDisposable)RunStoreFactory.Create(prodDb);
        using var firstControlPlane = (LiteDbControlPlaneDatabase)ControlPlaneDatabaseFactory.Create(prodDb);
        Assert.True(await new ControlPlaneStore(firstControlPlane).TryCreateTaskAsync(new TaskRecord { Id = "t1", Settings = new() { DataPath = "" } }));
        using var second = (IDisposable)RunStoreFactory.Create(prod);

        using var secondControlPlane = (LiteDbControlPlaneDatabase)ControlPlaneDatabaseFactory.Create(prod);

        Assert.Null(await new ControlPlaneStore(secondControlPlane).GetTaskAsync("t1"));
        Assert.True(File.Exists(Path.Combine(file.Folder, "prod.controlplane")), "prod's control plane is a file of its own");
    }

    [Fact]
    public async Task When_a_deployment_has_its_control_plane_under_the_earlier_name_Should_keep_using_that_file()
    {
        // Run store "prod" (no extension): its control plane was prod.controlplane.db before names kept the extension.
        var runStore = Path.Combine(file.Folder, "prod");
        var earlier = Path.Combine(file.Folder, "prod.controlplane.db");
        using (var database = new LiteDbControlPlaneDatabase(earlier))
        {
            Assert.True(await new ControlPlaneStore(database).TryCreateTaskAsync(new TaskRecord { Id = "kept", Settings = new() { DataPath = "" } }));
        }

        using (var reopened = (LiteDbControlPlaneDatabase)ControlPlaneDatabaseFactory.Create(new StoreOptions { ConnectionString = runStore }))
        {
            Assert.NotNull(await new ControlPlaneStore(reopened).GetTaskAsync("kept"));
        }

        Assert.False(File.Exists(Path.Combine(file.Folder, "prod.controlplane")), "no second control plane beside the kept one");
    }

    public void Dispose() => file.Dispose();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string newName);
}
