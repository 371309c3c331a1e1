using GpoPipeline.Api.Datasets;
using GpoPipeline.Trajectories.ControlPlane;
using MongoDB.Bson;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// The size a dataset version is checked at (ControlPlane:MaxDatasetBytes) is never below what either store writes, so a
/// version under the highest limit fits both stores' document limits.
/// </summary>
public sealed class StoredDatasetSize_Specs
{
    /// <summary>LiteDB's largest document (MongoDB's is 16 MiB, larger).</summary>
    private const long LiteDbDocumentLimit = 16_683_050;

    /// <summary>Text repeated, examples, references each: the framing counts most in many short strings.</summary>
    public static TheoryData<string, int, int, int> Shapes => new()
    {
        { "x", 1, 20_000, 1 },
        { "x", 20_000, 50, 1 },
        { "x", 1, 20, 1_000 },
        { "é€😀", 100, 500, 3 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void When_a_version_is_measured_Should_count_at_least_the_bytes_LiteDB_and_MongoDB_write(string text, int repeats, int examples, int references)
    {
        var version = new DatasetVersionRecord
        {
            Id = "a-task-name-of-the-longest-kind-there-is-sixty-four-characters-xx/100000", Task = "a-task-name-of-the-longest-kind-there-is-sixty-four-characters-xx",
            Number = 100_000, Sha256 = new string('f', 64), Added = examples, BasedOn = 99_999, Announced = true, CreatedAt = DateTime.UtcNow,
            Examples = [.. Enumerable.Range(0, examples).Select(i => new DatasetExample
            {
                Input = string.Concat(Enumerable.Repeat(text, repeats)) + i,
                References = [.. Enumerable.Range(0, references).Select(r => string.Concat(Enumerable.Repeat(text, repeats)) + r)],
            })],
        };

        var counted = StoredDatasetSize.Of(version.Examples);

        var liteDb = LiteDB.BsonSerializer.Serialize(new LiteDB.BsonMapper().ToDocument(version)).Length;
        var mongoDb = version.ToBson().Length;
        Assert.True(counted >= liteDb, $"{examples} examples of {repeats} × '{text}': counted {counted:N0}, LiteDB wrote {liteDb:N0}");
        Assert.True(counted >= mongoDb, $"{examples} examples of {repeats} × '{text}': counted {counted:N0}, MongoDB wrote {mongoDb:N0}");
    }

    [Fact]
    public void When_the_limit_is_the_highest_Should_stay_under_both_stores_document_limits()
    {
        Assert.True(StoredDatasetSize.MostBytes < LiteDbDocumentLimit);
        Assert.Equal(StoredDatasetSize.MostBytes, new ControlPlaneOptions().MaxDatasetBytes);
    }
}
