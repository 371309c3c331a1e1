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
            return RunStoreFactory.OpenMongo(options, (connectionString, database) => new MongoControlPlaneDatabase(connectionString, database));
        }

        var configured = string.IsNullOrWhiteSpace(options.ConnectionString) ? StoreOptions.DefaultLiteDbPath : options.ConnectionString;
        return RunStoreFactory.OpenEmbedded(
            configured, "the place of the control plane's file (<name>.controlplane.db beside the run store)", runStore => new LiteDbControlPlaneDatabase(EmbeddedPath(runStore)));
    }

    /// <summary>runs.db → runs.controlplane.db, in the same folder.</summary>
    public static string EmbeddedPath(string runStorePath) =>
        Path.Combine(Path.GetDirectoryName(runStorePath) ?? ".", Path.GetFileNameWithoutExtension(runStorePath) + ".controlplane.db");
}
