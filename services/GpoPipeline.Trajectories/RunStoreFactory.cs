using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Mongo;
using LiteDB;
using MongoDB.Driver;

namespace GpoPipeline.Trajectories;

/// <summary>Builds the adapter <see cref="StoreOptions"/> selects, turning unusable settings into messages that name the setting.</summary>
public static class RunStoreFactory
{
    public static IRunStore Create(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UsesMongoDb ? CreateMongo(options) : CreateLiteDb(options);
    }

    private static MongoRunStore CreateMongo(StoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Database))
        {
            throw new InvalidOperationException($"Setting '{StoreOptions.Section}:Database' is empty; expected a MongoDB database name such as \"gpo\".");
        }

        try
        {
            return new MongoRunStore(options.ConnectionString!, options.Database);
        }
        catch (MongoConfigurationException ex)
        {
            // The message names the setting but not its value: a MongoDB URI may carry a password.
            throw new InvalidOperationException(
                $"Setting '{StoreOptions.Section}:ConnectionString' is not a valid MongoDB connection string: {ex.Message}", ex);
        }
    }

    private static LiteDbRunStore CreateLiteDb(StoreOptions options)
    {
        var configured = string.IsNullOrWhiteSpace(options.ConnectionString) ? StoreOptions.DefaultLiteDbPath : options.ConnectionString;
        try
        {
            var path = Path.GetFullPath(configured);
            if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            return new LiteDbRunStore(path);
        }
        catch (Exception ex) when (ex is (IOException and not StoreFileInUseException) or UnauthorizedAccessException or ArgumentException or NotSupportedException or LiteException)
        {
            throw new InvalidOperationException(
                $"Setting '{StoreOptions.Section}:ConnectionString' = \"{configured}\" cannot be used as the embedded store's file: {ex.Message} " +
                "Expected a writable file path, or a mongodb:// connection string to use MongoDB.", ex);
        }
    }
}
