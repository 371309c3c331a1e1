using GpoPipeline.Trajectories.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace GpoPipeline.Trajectories.ControlPlane.Mongo;

/// <summary>The distributed adapter: collections in the run store's MongoDB database, majority writes (DESIGN §3).</summary>
public sealed class MongoControlPlaneDatabase : IControlPlaneDatabase, IDisposable
{
    private static readonly Lock MappingGate = new();
    private static bool mapped;
    private readonly MongoClient client;
    private readonly IMongoDatabase database;

    public MongoControlPlaneDatabase(string connectionString, string databaseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        RegisterMappings();
        var settings = MongoClientSettings.FromConnectionString(connectionString);
        settings.WriteConcern = WriteConcern.WMajority;
        client = new MongoClient(settings);
        database = client.GetDatabase(databaseName);
    }

    public IDocumentSet<T> Collection<T>(string name, params IReadOnlyList<DocumentIndex<T>> indexes)
        where T : class, IStoredDocument =>
        new MongoDocumentSet<T>(database.GetCollection<T>(name), indexes);

    public void Dispose() => client.Dispose();

    private static void RegisterMappings()
    {
        lock (MappingGate)
        {
            if (mapped)
            {
                return;
            }

            MongoMappings.EnsureRegistered();
            // Every control-plane document and what it holds (TaskPolicy, DatasetExample, …) reads fields it does not
            // know: a replica of the version before a new field is added still reads what the newer one wrote, while a
            // rolling upgrade runs both. One convention, so a record added later cannot forget it.
            ConventionRegistry.Register(
                "GpoPipeline.Trajectories.ControlPlane",
                new ConventionPack { new IgnoreExtraElementsConvention(true) },
                type => type.Namespace is "GpoPipeline.Trajectories.ControlPlane");
            var guid = new NullableSerializer<Guid>(new GuidSerializer(GuidRepresentation.Standard));
            BsonClassMap.TryRegisterClassMap<TaskRecord>(map =>
            {
                map.AutoMap();
                map.MapMember(task => task.ActiveRunId).SetSerializer(guid);
            });
            // Its own map for the run id's representation; a task written before the field reads it as null.
            BsonClassMap.TryRegisterClassMap<TriggerOutcome>(map =>
            {
                map.AutoMap();
                map.MapMember(outcome => outcome.RunId).SetSerializer(guid);
            });
            BsonClassMap.TryRegisterClassMap<ChampionVersionRecord>(map =>
            {
                map.AutoMap();
                map.MapMember(champion => champion.RunId).SetSerializer(guid);
            });
            BsonClassMap.TryRegisterClassMap<DecisionRecord>(map =>
            {
                map.AutoMap();
                map.MapMember(decision => decision.RunId).SetSerializer(guid);
            });
            BsonClassMap.TryRegisterClassMap<SubmissionRecord>(map =>
            {
                map.AutoMap();
                map.MapMember(submission => submission.RunId).SetSerializer(new GuidSerializer(GuidRepresentation.Standard));
                map.MapMember(submission => submission.StartFailure).SetIgnoreIfDefault(true); // only on the rare failed start
                map.MapMember(submission => submission.Resumes).SetIgnoreIfDefault(true); // only once resumed
            });
            BsonClassMap.TryRegisterClassMap<ApiKeyRecord>(map =>
            {
                map.AutoMap();
                // Written only when set: a key issued through /v1/keys stays as a replica of the version before the mark
                // wrote it and reads it, while a rolling upgrade runs both.
                map.MapMember(key => key.FromConfiguration).SetIgnoreIfDefault(true);
            });
            mapped = true;
        }
    }
}
