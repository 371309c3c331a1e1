using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Datasets;

/// <summary>
/// Writes a dataset version as a task folder (train/dev/test/format.jsonl) that the workers read by path. This is
/// the one place that knows runs still travel with a DataPath: when datasets are stored with the run
/// (content-addressed, DESIGN §3), only this class changes. The folder is named by the content hash and written
/// once (temp folder, then an atomic move), so concurrent submissions and replicas agree on it.
/// </summary>
public sealed class DatasetFolder(IOptions<ControlPlaneOptions> options, IOptions<StoreOptions> store)
{
    public string Root => options.Value.DataFolder is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Value.UsesMongoDb || string.IsNullOrWhiteSpace(store.Value.ConnectionString)
            ? StoreOptions.DefaultLiteDbPath : store.Value.ConnectionString))!, "datasets");

    public string Materialize(DatasetVersionRecord version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var folder = Path.Combine(Root, version.Task, version.Sha256[..16]);
        if (Directory.Exists(folder))
        {
            return folder;
        }

        var temporary = folder + ".tmp-" + Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(temporary);
        var splits = HeldOutSplit.Apply(version.Examples);
        foreach (var (split, examples) in splits)
        {
            File.WriteAllLines(Path.Combine(temporary, split + ".jsonl"), examples.Select(DatasetVersions.JsonLine));
        }

        // Format examples (spec §5.3) come from train, like SingleFileSplits.
        File.WriteAllLines(Path.Combine(temporary, "format.jsonl"), splits[HeldOutSplit.Train].Take(5).Select(DatasetVersions.JsonLine));
        try
        {
            Directory.Move(temporary, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            Directory.Delete(temporary, recursive: true); // another submission wrote the same content first
        }

        return folder;
    }
}
