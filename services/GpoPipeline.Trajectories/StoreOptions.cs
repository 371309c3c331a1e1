namespace GpoPipeline.Trajectories;

/// <summary>Where runs are stored: configuration section <c>Store</c>.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>
    /// A <c>mongodb://</c> or <c>mongodb+srv://</c> URI selects MongoDB; any other value with <c>://</c> is refused
    /// (<see cref="UsesMongoDb"/>); anything else is the path of the embedded LiteDB file. Empty:
    /// <see cref="DefaultLiteDbPath"/>. Surrounding whitespace and one pair of surrounding quotes are dropped: docker's
    /// --env-file keeps the quotes of <c>Store__ConnectionString="mongodb://…"</c>, which made the value a file path.
    /// </summary>
    public string? ConnectionString
    {
        get => connectionString;
        set => connectionString = StoreConnectionString.Unquoted(value);
    }

    private string? connectionString;

    /// <summary>MongoDB database name (ignored by the embedded store).</summary>
    public string Database { get; set; } = "gpo";

    /// <summary>The per-user data folder's gpo/runs.db, so the CLI keeps its history without any setting.</summary>
    public static string DefaultLiteDbPath
    {
        get
        {
            // DoNotVerify: ~/.local/share need not exist yet (a fresh account); without it the call answered "" and the
            // store landed in ./gpo of whatever folder gpo ran in (the CLI audit), where later commands did not look.
            var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            // No home directory at all (some service accounts): fall back to the working directory rather than "/gpo".
            return Path.Combine(string.IsNullOrEmpty(data) ? Environment.CurrentDirectory : data, "gpo", "runs.db");
        }
    }

    /// <summary>
    /// Whether the value selects MongoDB. A value with another scheme (<c>mongo://u:p@db/gpo</c>, <c>http://…</c>) throws
    /// <see cref="StoreSettingException"/>: taken as a file path it created a local LiteDB file inside the container,
    /// where runs vanished and the API and the scheduler each saw their own store.
    /// </summary>
    public bool UsesMongoDb => StoreConnectionString.IsMongoDb(ConnectionString);
}
