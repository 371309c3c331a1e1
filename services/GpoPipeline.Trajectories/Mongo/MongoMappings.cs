using GpoPipeline.Contracts;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;

namespace GpoPipeline.Trajectories.Mongo;

/// <summary>
/// BSON mappings of the store's documents. The driver's mappings are process-wide, so they are registered once,
/// before any document type is first used; Guids get their serializer per member (Standard representation)
/// rather than globally, so another component's global Guid setting can neither break nor be broken by ours.
/// </summary>
internal static class MongoMappings
{
    private static readonly Lock Gate = new();
    private static bool registered;

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            ConventionRegistry.Register(
                "GpoPipeline.Trajectories",
                new ConventionPack
                {
                    new EnumRepresentationConvention(BsonType.String),
                    // Documents may gain fields (e.g. the server's _id on scores); old readers must not fail on them.
                    new IgnoreExtraElementsConvention(true),
                },
                type => type.Namespace is "GpoPipeline.Trajectories" or "GpoPipeline.Trajectories.Mongo" or "GpoPipeline.Contracts");

            var guid = new GuidSerializer(GuidRepresentation.Standard);
            BsonClassMap.TryRegisterClassMap<RunRecord>(map =>
            {
                map.AutoMap();
                map.MapIdMember(run => run.Id).SetSerializer(guid);
            });
            BsonClassMap.TryRegisterClassMap<RunSettings>(map => map.AutoMap());
            BsonClassMap.TryRegisterClassMap<StepRecord>(map =>
            {
                map.AutoMap();
                map.MapMember(step => step.WorkToken).SetSerializer(guid);
                map.MapMember(step => step.OpeningWorkToken).SetSerializer(guid);
                map.MapMember(step => step.ChargedGenerations).SetSerializer(new EnumerableInterfaceImplementerSerializer<List<Guid>, Guid>(guid));
            });
            BsonClassMap.TryRegisterClassMap<BatchScoreRecord>(map =>
            {
                map.AutoMap();
                map.MapMember(score => score.RunId).SetSerializer(guid);
            });
            BsonClassMap.TryRegisterClassMap<UsageRecord>(map =>
            {
                map.AutoMap();
                map.MapMember(record => record.RunId).SetSerializer(guid);
            });
            BsonClassMap.TryRegisterClassMap<ExampleResultRecord>(map =>
            {
                map.AutoMap();
                map.MapIdMember(record => record.Key);
            });
            BsonClassMap.TryRegisterClassMap<TrajectoryRecord>(map =>
            {
                map.AutoMap();
                map.MapMember(entry => entry.Embedding).SetSerializer(new FloatVectorSerializer());
                // Absent in documents written before the model was recorded: read as null (another model's vector).
                map.MapMember(entry => entry.EmbeddingModel).SetIgnoreIfNull(true).SetDefaultValue((string?)null);
            });
            BsonClassMap.TryRegisterClassMap<ChampionRecord>(map =>
            {
                map.AutoMap();
                map.MapIdMember(champion => champion.Task);
                map.MapMember(champion => champion.RunId).SetSerializer(new NullableSerializer<Guid>(guid));
            });
            registered = true;
        }
    }
}
