using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The charge ids a usage document remembers (<see cref="IRunStore.AddUsageOnceAsync"/>), oldest first, as one binary
/// field of 16 bytes per id. The scheduler charges every scorer reply, so the document is read and written again per
/// reply: with the ids as a BSON array of up to 256 Guids (an object per id, each way) the usage write was 13 % of what
/// the zero-cost P3 pipeline allocated; the binary form took 50.2 → 48.3 KB per example, ~15 KB per reply of 8
/// (tests/BENCHMARKS.md). Files written before hold the array (<see cref="LegacyField"/>), read as such; the next write
/// stores the binary form.
/// </summary>
internal static class UsageChargeIds
{
    public const string Field = "ChargeIds";
    public const string LegacyField = "Charges";
    private const int IdSize = 16;

    /// <summary>The ids <paramref name="stored"/> remembers, in either layout; empty for a new document.</summary>
    public static byte[] Read(BsonDocument? stored)
    {
        if (stored?[Field] is { IsBinary: true } binary)
        {
            return binary.AsBinary;
        }

        if (stored?[LegacyField] is not { IsArray: true } legacy)
        {
            return [];
        }

        var ids = legacy.AsArray.Where(value => value.IsGuid).Select(value => value.AsGuid).ToList();
        var bytes = new byte[ids.Count * IdSize];
        for (var i = 0; i < ids.Count; i++)
        {
            ids[i].TryWriteBytes(bytes.AsSpan(i * IdSize, IdSize));
        }

        return bytes;
    }

    public static bool Contains(byte[] ids, Guid id)
    {
        Span<byte> wanted = stackalloc byte[IdSize];
        id.TryWriteBytes(wanted);
        for (var offset = 0; offset + IdSize <= ids.Length; offset += IdSize)
        {
            if (ids.AsSpan(offset, IdSize).SequenceEqual(wanted))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="ids"/> with <paramref name="id"/> appended, the oldest dropped beyond <paramref name="max"/>.</summary>
    public static byte[] Append(byte[] ids, Guid id, int max)
    {
        var kept = Math.Min(ids.Length / IdSize, max - 1);
        var result = new byte[(kept + 1) * IdSize];
        ids.AsSpan(ids.Length - (kept * IdSize)).CopyTo(result);
        id.TryWriteBytes(result.AsSpan(kept * IdSize));
        return result;
    }
}
