using GpoPipeline.Trajectories.ControlPlane.Embedded;
using GpoPipeline.Trajectories.ControlPlane.Mongo;

namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>The control-plane database beside the run store that <see cref="StoreOptions"/> selects.</summary>
public static class ControlPlaneDatabaseFactory
{
    public static IControlPlaneDatabase Create(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UsesMongoDb)
        {
            try
            {
                return new MongoControlPlaneDatabase(options.ConnectionString!, options.Database);
            }
            catch (MongoDB.Driver.MongoConfigurationException ex)
            {
                // The message names the setting but not its value: a MongoDB URI may carry a password.
                throw new StoreSettingException(
                    $"Setting '{StoreOptions.Section}:ConnectionString' is not a valid MongoDB connection string: {ex.Message}", ex);
            }
        }

        var configured = string.IsNullOrWhiteSpace(options.ConnectionString) ? StoreOptions.DefaultLiteDbPath : options.ConnectionString;
        return RunStoreFactory.OpenEmbedded(
            configured, "the run store beside the control plane's file", runStore => new LiteDbControlPlaneDatabase(EmbeddedPath(runStore)));
    }

    /// <summary>runs.db → runs.controlplane.db, in the same folder.</summary>
    public static string EmbeddedPath(string runStorePath) =>
        Path.Combine(Path.GetDirectoryName(runStorePath) ?? ".", Path.GetFileNameWithoutExtension(runStorePath) + ".controlplane.db");
}
