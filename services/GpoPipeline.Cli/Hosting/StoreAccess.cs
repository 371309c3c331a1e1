using GpoPipeline.Trajectories.Embedded;
using MongoDB.Bson;
using MongoDB.Driver;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// Checks `--store` before any host starts (issue 18): a file that is not a store is never written, a store that
/// does not exist is not created by a command that only reads, a folder or an unwritable place is one line, and an
/// unreachable MongoDB is reported within seconds instead of a stack trace after the driver's 30 s.
/// </summary>
public static class StoreAccess
{
    public static readonly TimeSpan MongoTimeout = TimeSpan.FromSeconds(5);

    public static bool IsMongo(string? store) =>
        store is not null && (store.StartsWith("mongodb://", StringComparison.OrdinalIgnoreCase) || store.StartsWith("mongodb+srv://", StringComparison.OrdinalIgnoreCase));

    /// <summary>For `runs`, `show`, `report`, `cancel`, `resume`: the store must already exist.</summary>
    public static Task CheckExistingAsync(string? store, CancellationToken cancellationToken)
    {
        if (IsMongo(store))
        {
            return PingMongoAsync(store!, cancellationToken);
        }

        var path = FullPath(store);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new UserInputException(store is null
                ? $"No runs yet: the default store {path} does not exist (start one with gpo demo or gpo optimize)."
                : $"--store {store}: no such run store ({path} does not exist; nothing was created).");
        }

        CheckFile(store, path);
        return Task.CompletedTask;
    }

    /// <summary>For `optimize`, `demo`: an existing store, an empty file, or a new file in a folder this user can write.</summary>
    public static Task CheckWritableAsync(string? store, CancellationToken cancellationToken)
    {
        if (IsMongo(store))
        {
            return PingMongoAsync(store!, cancellationToken);
        }

        var path = FullPath(store);
        CheckFile(store, path);
        var folder = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(folder);
            // The store, its log, its lock and gpo.log all go in this folder: prove it takes a new file.
            using (new FileStream(Path.Combine(folder, $".gpo-probe-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            if (File.Exists(path))
            {
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
                {
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--store {store ?? path}: cannot write there ({ex.Message}); name a file in a folder you can write.", ex);
        }

        return Task.CompletedTask;
    }

    private static string FullPath(string? store)
    {
        try
        {
            return StoreFilePath.Resolve(store ?? CliPaths.DefaultStore); // the checks look at the file the store will open
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or IOException)
        {
            throw new UserInputException($"--store {store}: not a usable file path ({ex.Message}); expected a file path or a mongodb:// URI.", ex);
        }
    }

    private static void CheckFile(string? store, string path)
    {
        string? problem;
        try
        {
            problem = LiteDbFile.Problem(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--store {store ?? path}: cannot be read ({ex.Message}).", ex);
        }

        if (problem is not null)
        {
            throw new UserInputException($"--store {store ?? path}: {problem}.");
        }
    }

    private static async Task PingMongoAsync(string store, CancellationToken cancellationToken)
    {
        MongoClientSettings settings;
        MongoUrl url;
        try
        {
            url = MongoUrl.Create(store);
            settings = MongoClientSettings.FromUrl(url);
        }
        catch (Exception ex) when (ex is MongoConfigurationException or ArgumentException or FormatException)
        {
            // Not the value: a MongoDB URI may carry a password.
            throw new UserInputException($"--store: not a valid MongoDB connection string ({ex.Message}).", ex);
        }

        settings.ServerSelectionTimeout = MongoTimeout;
        settings.ConnectTimeout = MongoTimeout;
        var servers = string.Join(", ", url.Servers.Select(s => $"{s.Host}:{s.Port}"));
        using var client = new MongoClient(settings);
        try
        {
            await client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new UserInputException($"No MongoDB answers at {servers} (waited {MongoTimeout.TotalSeconds:0} s); check --store and that mongod is running.", ex);
        }
        catch (MongoException ex)
        {
            throw new UserInputException($"MongoDB at {servers} refused the connection: {ex.Message.Split('\n')[0]}", ex);
        }
    }
}
