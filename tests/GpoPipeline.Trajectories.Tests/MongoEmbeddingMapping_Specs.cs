using GpoPipeline.Trajectories.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// How the MongoDB adapter writes a trajectory entry's embedding (no server needed: the BSON mapping alone). A run's
/// trajectory carries one vector per entry in the run document, which MongoDB bounds at 16 MB.
/// </summary>
public sealed class MongoEmbeddingMapping_Specs
{
    private static readonly float[] Vector = [.. Enumerable.Range(0, 1536).Select(i => (float)Math.Sin(i) * 0.37f)];

    public MongoEmbeddingMapping_Specs() => MongoMappings.EnsureRegistered();

    [Fact]
    public void When_an_entry_with_an_embedding_is_written_Should_take_four_bytes_a_dimension()
    {
        var bytes = new TrajectoryRecord { Step = 1, Prompt = "p", Embedding = Vector }.ToBson();

        // The driver's default (an array of doubles) took ~13 bytes a dimension: 20 KB here.
        Assert.InRange(bytes.Length, Vector.Length * 4, (Vector.Length * 4) + 200);
    }

    [Fact]
    public void When_an_entry_is_read_back_Should_hold_the_same_vector_bit_for_bit()
    {
        var entry = new TrajectoryRecord { Step = 1, Prompt = "p", Embedding = Vector };

        var read = BsonSerializer.Deserialize<TrajectoryRecord>(entry.ToBson());

        Assert.Equal(Vector, read.Embedding);
        Assert.Null(BsonSerializer.Deserialize<TrajectoryRecord>(new TrajectoryRecord { Prompt = "q" }.ToBson()).Embedding);
    }

    [Fact]
    public void When_an_entry_was_stored_as_an_array_of_doubles_before_Should_still_read()
    {
        var old = new BsonDocument { ["Step"] = 1, ["Prompt"] = "p", ["DevScore"] = 0.5, ["Embedding"] = new BsonArray(new[] { 0.25, -1.5, 3.0 }) };

        var read = BsonSerializer.Deserialize<TrajectoryRecord>(old);

        Assert.Equal(new[] { 0.25f, -1.5f, 3.0f }, read.Embedding);
    }

    [Fact]
    public void When_a_stored_embedding_is_not_whole_floats_Should_say_so()
    {
        var broken = new BsonDocument { ["Step"] = 1, ["Prompt"] = "p", ["Embedding"] = new BsonBinaryData(new byte[7]) };

        var error = Assert.Throws<FormatException>(() => BsonSerializer.Deserialize<TrajectoryRecord>(broken));

        Assert.Contains("7 bytes", error.ToString(), StringComparison.Ordinal);
    }
}
