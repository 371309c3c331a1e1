using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Mongo;
using LiteDB;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;

namespace GpoPipeline.Trajectories;

/// <summary>Builds the adapter <see cref="StoreOptions"/> selects, turning unusable settings into messages that name the setting.</summary>
public static class RunStoreFactory
{
    /// <param name="loggers">Where an embedded store that breaks for good says so (<see cref="IStoreFaultSource"/>).</param>
    public static IRunStore Create(StoreOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.UsesMongoDb ? CreateMongo(options) : CreateLiteDb(options, loggers);
    }

    private static MongoRunStore CreateMongo(StoreOptions options) =>
        OpenMongo(options, (connectionString, database) => new MongoRunStore(connectionString, database));

    /// <summary>Opens a MongoDB-backed store named by the <c>Store</c> settings (the driver connects lazily).</summary>
    /// <exception cref="StoreSettingException">No database name, or a malformed URI: names the setting, never the URI (it may carry a password).</exception>
    internal static T OpenMongo<T>(StoreOptions options, Func<string, string, T> open)
    {
        if (string.IsNullOrWhiteSpace(options.Database))
        {
            throw new StoreSettingException($"Setting '{StoreOptions.Section}:Database' is empty; expected a MongoDB database name such as \"gpo\".");
        }

        try
        {
            return open(options.ConnectionString!, options.Database);
        }
        catch (MongoConfigurationException ex)
        {
            throw new StoreSettingException(
                $"Setting '{StoreOptions.Section}:ConnectionString' is not a valid MongoDB connection string: {ex.Message}", ex);
        }
    }

    private static LiteDbRunStore CreateLiteDb(StoreOptions options, ILoggerFactory? loggers)
    {
        var configured = string.IsNullOrWhiteSpace(options.ConnectionString) ? StoreOptions.DefaultLiteDbPath : options.ConnectionString;
        return OpenEmbedded(configured, "the embedded store's file", path => new LiteDbRunStore(path, StoreFaultLog.To(loggers)));
    }

    /// <summary>Opens an embedded (LiteDB) file named by <c>Store:ConnectionString</c>, its folder created if missing.</summary>
    /// <exception cref="StoreSettingException">The path cannot be used: names the setting, the path and why.</exception>
    /// <exception cref="StoreFileInUseException">Another process holds the file (not a setting to fix).</exception>
    internal static T OpenEmbedded<T>(string configured, string role, Func<string, T> open)
    {
        try
        {
            var path = StoreFilePath.Resolve(configured); // the file a link points at, and its folder (StoreFilePath)
            if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            return open(path);
        }
        catch (LiteException ex)
        {
            // Not a setting to fix: the file is a store LiteDB cannot read (damaged), and a writable path would not help.
            throw new StoreSettingException(
                $"Setting '{StoreOptions.Section}:ConnectionString' = \"{configured}\" cannot be used as {role}: it is damaged ({ex.Message.TrimEnd('.')}). " +
                "Restore it from a copy, or name another file.", ex);
        }
        catch (Exception ex) when (ex is (IOException and not StoreFileInUseException) or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new StoreSettingException(
                $"Setting '{StoreOptions.Section}:ConnectionString' = \"{configured}\" cannot be used as {role}: {ex.Message.TrimEnd('.')}. " +
                "Expected a file path this user can read and write (a store's log is replayed into it even to read it), or a mongodb:// connection string to use MongoDB.", ex);
        }
    }
}
