using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// Store:ConnectionString names a MongoDB URI or a file, nothing else. A mistyped scheme (<c>mongo://</c>) or a quoted URI
/// (docker's --env-file keeps the quotes) was taken as a LiteDB file path: a local store inside the container, runs
/// vanishing, the API and the scheduler each on its own store.
/// </summary>
public sealed class StoreConnectionString_Specs : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gpo-store-setting-").FullName;

    [Theory]
    [InlineData("mongo://gpo:secret@db/gpo", "the scheme is 'mongo'")]
    [InlineData("https://gpo:secret@db/gpo", "the scheme is 'https'")]
    [InlineData("gpo:secret@db://gpo", "not a URI scheme")]
    public void When_the_value_has_a_scheme_that_is_not_mongodb_Should_refuse_it_without_echoing_it(string value, string why)
    {
        var runs = Assert.Throws<StoreSettingException>(() => RunStoreFactory.Create(new StoreOptions { ConnectionString = value }));
        var controlPlane = Assert.Throws<StoreSettingException>(() => ControlPlaneDatabaseFactory.Create(new StoreOptions { ConnectionString = value }));

        foreach (var message in new[] { runs.Message, controlPlane.Message })
        {
            Assert.Contains($"Setting 'Store:ConnectionString' is invalid: ", message, StringComparison.Ordinal);
            Assert.Contains(why, message, StringComparison.Ordinal);
            Assert.Contains("expected a mongodb:// or mongodb+srv:// URI", message, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\"mongodb://db:27017/\"")]
    [InlineData("'mongodb+srv://cluster.example/'")]
    [InlineData("  mongodb://db:27017/ \n")]
    public void When_a_mongodb_uri_comes_quoted_or_padded_Should_select_mongodb_with_the_bare_uri(string value)
    {
        var options = new StoreOptions { ConnectionString = value };

        Assert.True(options.UsesMongoDb);
        Assert.StartsWith("mongodb", options.ConnectionString, StringComparison.Ordinal);
        Assert.EndsWith("/", options.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_file_path_comes_quoted_Should_use_the_path_without_quotes()
    {
        var path = Path.Combine(folder, "runs.db");

        Assert.Equal(path, new StoreOptions { ConnectionString = $"\"{path}\"" }.ConnectionString);
        Assert.False(new StoreOptions { ConnectionString = path }.UsesMongoDb);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
