namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>Shares <see cref="MongoDbFixture"/> between the MongoDB suites.</summary>
[CollectionDefinition(Name)]
public sealed class MongoDbServerGroup : ICollectionFixture<MongoDbFixture>
{
    public const string Name = "MongoDB";
}
