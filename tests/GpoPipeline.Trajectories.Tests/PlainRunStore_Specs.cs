using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// The contract with replies recorded by <see cref="IRunStore"/>'s default RecordScoredBatchAsync over the embedded
/// store's single calls: the path the MongoDB store takes, checked here where no MongoDB runs.
/// </summary>
public sealed class PlainRunStore_Specs : RunStoreContract_Specs
{
    private readonly TemporaryDatabaseFile file = new();

    protected override IRunStore CreateStore() => new PlainRunStore(new LiteDbRunStore(file.Path));

    protected override Task CleanupAsync()
    {
        file.Dispose();
        return Task.CompletedTask;
    }
}
