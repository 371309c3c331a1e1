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

        mapper.Entity<ChampionRecord>().Id(champion => champion.Task, autoId: false);
        return mapper;
    }

    private static DateTime ToUtc(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
