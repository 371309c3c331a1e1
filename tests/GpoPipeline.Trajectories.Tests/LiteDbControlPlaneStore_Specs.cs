using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.ControlPlane.Embedded;
using GpoPipeline.Trajectories.Tests.Support;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>The control-plane contract on the embedded store (a fresh file per test).</summary>
public sealed class LiteDbControlPlaneStore_Specs : ControlPlaneStoreContract_Specs
{
    private readonly TemporaryDatabaseFile file = new();

    private LiteDbControlPlaneDatabase? opened;

    protected override IControlPlaneDatabase CreateDatabase() => opened = new LiteDbControlPlaneDatabase(file.Path);

    protected override Task<IReadOnlyList<IReadOnlyList<string>>> IndexesAsync(string collection) =>
        Task.FromResult<IReadOnlyList<IReadOnlyList<string>>>([.. opened!.IndexedFields(collection).Select(field => (IReadOnlyList<string>)[field])]);

    protected override Task CleanupAsync()
    {
        file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task When_the_file_is_reopened_Should_keep_tasks_and_tick_claims()
    {
        using (var first = new LiteDbControlPlaneDatabase(file.Path + ".2"))
        {
            var store = new ControlPlaneStore(first);
            await store.TryCreateTaskAsync(new TaskRecord { Id = "t1", Settings = new() { DataPath = "" } });
            await store.TryClaimTickAsync("t1", SampleRuns.At(5), "before restart", SampleRuns.At(5));
        }

        using var reopened = new LiteDbControlPlaneDatabase(file.Path + ".2");
        var again = new ControlPlaneStore(reopened);
        Assert.NotNull(await again.GetTaskAsync("t1"));
        Assert.False(await again.TryClaimTickAsync("t1", SampleRuns.At(5), "after restart", SampleRuns.At(6)));
    }
}
