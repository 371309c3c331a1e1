using GpoPipeline.Trajectories.Mongo;
using GpoPipeline.Trajectories.Tests.Support;
using MongoDB.Driver;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>The contract on MongoDB: a fresh database per test on the suite's server; skipped, saying why, without one.</summary>
[RequiresMongoDb]
[Collection(MongoDbServerGroup.Name)]
public sealed class MongoRunStore_Specs(MongoDbFixture server) : RunStoreContract_Specs
{
    private readonly string database = $"gpo-tests-{Guid.NewGuid():N}";

    protected override IRunStore CreateStore() => new MongoRunStore(server.ConnectionString, database);

    protected override async Task CleanupAsync()
    {
        using var client = new MongoClient(server.ConnectionString);
        await client.DropDatabaseAsync(database);
    }
}
