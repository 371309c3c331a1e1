using GpoPipeline.Trajectories.ControlPlane.Embedded;
using GpoPipeline.Trajectories.ControlPlane.Mongo;
using GpoPipeline.Trajectories.Embedded;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>The control-plane database beside the run store that <see cref="StoreOptions"/> selects.</summary>
public static class ControlPlaneDatabaseFactory
{
    /// <param name="loggers">Where an embedded file that breaks for good says so (<see cref="IStoreFaultSource"/>).</param>
    public static IControlPlaneDatabase Create(StoreOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UsesMongoDb)
        {
            return RunStoreFactory.OpenMongo(options, (connectionString, database) => new MongoControlPlaneDatabase(connectionString, database));
        }

        var configured = string.IsNullOrWhiteSpace(options.ConnectionString) ? StoreOptions.DefaultLiteDbPath : options.ConnectionString;
        return RunStoreFactory.OpenEmbedded(
            configured, "the place of the control plane's file (beside the run store: runs.db → runs.controlplane.db)", runStore => new LiteDbControlPlaneDatabase(EmbeddedPath(runStore), StoreFaultLog.To(loggers)));
    }

    /// <summary>
    /// The control plane's file beside the run store <paramref name="runStorePath"/>, one per run store file:
    /// runs.db → runs.controlplane.db; a name not ending in .db gets ".controlplane" after it whole (prod → prod.controlplane,
    /// prod.litedb → prod.litedb.controlplane). The name once dropped any extension (prod, prod.db and prod.litedb all had
    /// prod.controlplane.db), so two run stores could share one control plane and two processes write one LiteDB file.
    /// </summary>
    /// <remarks>
    /// A deployment whose control plane has that earlier name keeps using it while no file has the new name, unless the
    /// run store that name now belongs to (prod.db for prod.controlplane.db) exists beside it: then the file is that
    /// store's, and this one starts its own. It is not renamed: it may as well be that other store's, and a LiteDB file
    /// moves only together with its log. Two run stores that would still share it (prod and prod.litedb, without a
    /// prod.db) cannot write it at once: the file is locked (<see cref="LiteDbControlPlaneDatabase"/>), and the second
    /// is refused with the file named.
    /// </remarks>
    public static string EmbeddedPath(string runStorePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runStorePath);
        var folder = Path.GetDirectoryName(runStorePath) ?? ".";
        var name = Path.GetFileName(runStorePath);
        // Ordinal: on Linux prod.DB and prod.db are two files, so they get two control planes.
        var own = Path.Combine(folder, name.EndsWith(".db", StringComparison.Ordinal) ? name[..^3] + ".controlplane.db" : name + ".controlplane");
        var stem = Path.GetFileNameWithoutExtension(runStorePath);
        var earlier = Path.Combine(folder, stem + ".controlplane.db");
        var earliersOwner = Path.Combine(folder, stem + ".db");
        return !File.Exists(own) && File.Exists(earlier) && !File.Exists(earliersOwner) ? earlier : own;
    }
}
