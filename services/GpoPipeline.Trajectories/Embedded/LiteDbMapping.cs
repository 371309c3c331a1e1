using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>The BsonMapper of the embedded store; one per store so no global LiteDB state is shared.</summary>
internal static class LiteDbMapping
{
    public static BsonMapper Create()
    {
        // Enums as names (EnumAsInteger = false) so the file stays readable and reordering an enum breaks nothing.
        var mapper = new BsonMapper { EnumAsInteger = false, SerializeNullValues = false };

        // LiteDB stores UTC but hands DateTime back in local time; the port's dates are UTC everywhere.
        // An Unspecified kind is taken as UTC (the pipeline only writes DateTime.UtcNow).
        mapper.RegisterType(
            value => new BsonValue(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc)),
            bson => ToUtc(bson.AsDateTime));

        // Embeddings as one binary value of little-endian floats, not a BSON array of doubles: a 1,536-dimension
        // vector was 1,536 BsonValues to allocate on every read of its run (the run document is read per scorer
        // reply, and the trajectory holds one vector per scored prompt). Files written before hold arrays: read both.
        mapper.RegisterType<float[]>(
            value => new BsonValue(System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.AsSpan()).ToArray()),
            bson => bson.IsBinary ? FromBytes(bson.AsBinary) : [.. bson.AsArray.Select(item => (float)item.AsDouble)]);

        mapper.Entity<ChampionRecord>().Id(champion => champion.Task, autoId: false);
        return mapper;
    }

    private static float[] FromBytes(byte[] bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    private static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
