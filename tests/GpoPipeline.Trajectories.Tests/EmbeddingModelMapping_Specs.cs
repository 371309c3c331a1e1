using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Mongo;
using GpoPipeline.Trajectories.Tests.Support;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// A stored vector keeps the name of the model that computed it (both adapters): retrieval uses a vector only when
/// it is of the model the worker embeds with now, so a redeployed embedding model never mixes two vector spaces.
/// </summary>
public sealed class EmbeddingModelMapping_Specs : IDisposable
{
    private readonly TemporaryDatabaseFile file = new();

    public EmbeddingModelMapping_Specs() => MongoMappings.EnsureRegistered();

    [Fact]
    public async Task When_the_embedded_store_is_reopened_Should_give_back_each_vector_with_its_model()
    {
        var run = SampleRuns.New();
        run.Trajectory[0].Embedding = [0.6f, 0.8f];
        run.Trajectory[0].EmbeddingModel = "text-embedding-3-small";
        using (var store = new LiteDbRunStore(file.Path))
        {
            Assert.True(await store.TryCreateRunAsync(run));
        }

        using var reopened = new LiteDbRunStore(file.Path);
        var read = (await reopened.GetRunAsync(run.Id))!.Trajectory;

        Assert.Equal("text-embedding-3-small", read[0].EmbeddingModel);
        Assert.Equal(new[] { 0.6f, 0.8f }, read[0].Embedding);
        Assert.All(read.Skip(1), entry => Assert.Null(entry.EmbeddingModel));
    }

    [Fact]
    public void When_the_MongoDB_mapping_writes_and_reads_an_entry_Should_keep_its_model()
    {
        var entry = new TrajectoryRecord { Step = 1, Prompt = "p", Embedding = [1f, 0f], EmbeddingModel = "nomic-embed-text" };

        var read = BsonSerializer.Deserialize<TrajectoryRecord>(entry.ToBson());

        Assert.Equal("nomic-embed-text", read.EmbeddingModel);
        Assert.Equal(entry.Embedding, read.Embedding);
    }

    [Fact]
    public void When_a_MongoDB_entry_was_stored_before_the_model_was_recorded_Should_read_no_model()
    {
        var old = new BsonDocument { ["Step"] = 1, ["Prompt"] = "p", ["DevScore"] = 0.5, ["Embedding"] = new BsonArray(new[] { 0.25, -1.5 }) };

        var read = BsonSerializer.Deserialize<TrajectoryRecord>(old);

        Assert.Null(read.EmbeddingModel);
        Assert.DoesNotContain("EmbeddingModel", new TrajectoryRecord { Prompt = "q" }.ToBsonDocument().Names);
    }

    public void Dispose() => file.Dispose();
}
