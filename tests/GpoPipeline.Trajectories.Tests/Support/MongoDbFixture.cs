using Testcontainers.MongoDb;

namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>One MongoDB for the whole MongoDB suite: GPO_MONGODB_URI's, or a container started once.</summary>
public sealed class MongoDbFixture : IAsyncLifetime
{
    private MongoDbContainer? container;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (MongoDbAvailability.SkipReason is not null)
        {
            return;
        }

        if (MongoDbAvailability.ConfiguredUri is { } uri)
        {
            ConnectionString = uri;
            return;
        }

        container = new MongoDbBuilder("mongo:8.0").Build();
        await container.StartAsync();
        ConnectionString = container.GetConnectionString();
    }

    public async Task DisposeAsync()
    {
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }
}
