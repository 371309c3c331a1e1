using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;
using LiteDB;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>A dataset split too large for one document is stored as a LiteDB file in chunks (LiteDbContentStore).</summary>
public sealed class LiteDbContentFiles_Specs : IDisposable
{
    private readonly TemporaryDatabaseFile file = new();

    [Fact]
    public async Task When_a_killed_upload_left_chunks_without_their_file_Should_store_the_content_and_read_it_back_whole()
    {
        var content = new byte[LiteDbContentStore.InlineLimit + 1_000_000];
        new Random(7).NextBytes(content);
        const string hash = "split-sha";
        using (new LiteDbRunStore(file.Path))
        {
            // An empty store's file.
        }

        // What a process killed mid-upload leaves: LiteDB 5.0.20 commits each chunk on its own, the file document last.
        using (var database = new LiteDatabase($"Filename={file.Path};Connection=direct"))
        {
            database.GetCollection("contentChunks").Insert(Enumerable.Range(0, 3).Select(n => new BsonDocument
            {
                ["_id"] = new BsonDocument { ["f"] = hash, ["n"] = n },
                ["data"] = new byte[255 * 1024],
            }));
        }

        using (var store = new LiteDbRunStore(file.Path))
        {
            Assert.Null(await store.GetContentAsync(hash));

            await store.StoreContentAsync(hash, content);

            Assert.Equal(content, await store.GetContentAsync(hash));
        }

        using var reopened = new LiteDbRunStore(file.Path);
        Assert.Equal(content, await reopened.GetContentAsync(hash));
    }

    public void Dispose() => file.Dispose();
}
