using System.Globalization;
using System.Text;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Datasets;

/// <summary>
/// How many bytes a dataset version takes as its one document in the store, at most: the BSON both stores write
/// (LiteDB refuses a document over 16,683,050 bytes, MongoDB over 16 MiB). Every string is its UTF-8 bytes plus its
/// length prefix, terminator, type byte and field name; every example and reference in a list adds its index as a
/// field name (counted at the longest an index can be), so the estimate is never below what is written.
/// </summary>
public static class StoredDatasetSize
{
    /// <summary>The highest ControlPlane:MaxDatasetBytes: under both stores' document limits with room for the version's own fields.</summary>
    public const long MostBytes = 15L * 1024 * 1024;

    /// <summary>The version's fields beside its examples (id, task name of at most 64 characters, hash, numbers, dates).</summary>
    public const long VersionFields = 1024;

    /// <summary>An example's document in the list: type, index, length, end, and its input and references fields' names and framing.</summary>
    public const long PerExample = 64;

    /// <summary>A reference in its example's list beside its UTF-8 bytes: type, index, length prefix, terminator.</summary>
    public const long PerReference = 16;

    public static long Of(IEnumerable<DatasetExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var bytes = VersionFields;
        foreach (var example in examples)
        {
            bytes += PerExample + Encoding.UTF8.GetByteCount(example.Input);
            foreach (var reference in example.References)
            {
                bytes += PerReference + Encoding.UTF8.GetByteCount(reference);
            }
        }

        return bytes;
    }

    /// <summary>Bytes as MB (10^6, one decimal) and exact: "15.7 MB (15,728,640 bytes)".</summary>
    public static string Describe(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000_000.0:N1} MB ({bytes:N0} bytes)");
}
