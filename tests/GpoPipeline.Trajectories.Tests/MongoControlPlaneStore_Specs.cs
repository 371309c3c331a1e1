using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.ControlPlane.Mongo;
using GpoPipeline.Trajectories.Tests.Support;
using MongoDB.Driver;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>The control-plane contract on MongoDB: a fresh database per test; skipped, saying why, without a server.</summary>
[RequiresMongoDb]
[Collection(MongoDbServerGroup.Name)]
public sealed class MongoControlPlaneStore_Specs(MongoDbFixture server) : ControlPlaneStoreContract_Specs
{
    private readonly string database = $"gpo-cp-tests-{Guid.NewGuid():N}";

    protected override IControlPlaneDatabase CreateDatabase() => new MongoControlPlaneDatabase(server.ConnectionString, database);

    protected override async Task CleanupAsync()
    {
        using var client = new MongoClient(server.ConnectionString);
        await client.DropDatabaseAsync(database);
    }
}
