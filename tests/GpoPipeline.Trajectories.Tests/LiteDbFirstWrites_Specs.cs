using GpoPipeline.Trajectories.Embedded;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// LiteDB 5 corrupted pages when a collection was created by a first write racing other threads
/// ("page type must be collection page"); the store now creates its collections when it opens.
/// </summary>
public sealed class LiteDbFirstWrites_Specs
{
    [Fact]
    public void When_a_store_opens_Should_have_created_every_collection_before_any_write()
    {
        var folder = Path.Combine(Path.GetTempPath(), "gpo-first-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "runs.db");
        try
        {
            using (new LiteDbRunStore(path))
            {
            }

            using var database = new LiteDB.LiteDatabase($"Filename={path};Connection=direct");
            var names = database.GetCollectionNames().ToList();

            Assert.Equal(["cache", "champions", "contentChunks", "contentFiles", "contents", "earlyCancels", "memo", "runs", "scores", "usage"], names.Order(StringComparer.Ordinal));
            Assert.All(names, name => Assert.Equal(0, database.GetCollection(name).Count()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
