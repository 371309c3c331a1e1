using System.Text.Json;
using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.ControlPlane.Mongo;
using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Mongo;
using GpoPipeline.Trajectories.Tests.Support;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>
/// The run document through each store's serializer alone (no server needed), so the MongoDB mapping is checked
/// on every machine even where the MongoDB contract run is skipped. RunSettings is a record with required init
/// properties: both BsonMapper and the driver's class map set init-only properties through reflection, so it
/// needs no custom mapping — this is what proves it.
/// </summary>
public sealed class DocumentMapping_Specs
{
    [Fact]
    public void When_a_run_goes_through_the_LiteDB_mapper_Should_come_back_equal_with_enums_as_names()
    {
        var mapper = LiteDbMapping.Create();
        var run = SampleRuns.New();

        var document = mapper.ToDocument(run);
        var back = mapper.ToObject<RunRecord>(document);

        Assert.Equal("StoppedBudget", document["Status"].AsString);
        Assert.Equal("Scoring", document["Steps"][0]["Status"].AsString);
        Assert.Equal(run.Id, document["_id"].AsGuid);
        Assert.Equal(run.Settings, back.Settings);
        Assert.Equal(JsonSerializer.Serialize(run), JsonSerializer.Serialize(back));
    }

    [Fact]
    public void When_a_run_goes_through_the_MongoDB_mapping_Should_come_back_equal_with_enums_as_names_and_standard_guids()
    {
        MongoMappings.EnsureRegistered();
        var run = SampleRuns.New();

        var document = run.ToBsonDocument();
        var back = BsonSerializer.Deserialize<RunRecord>(document);

        Assert.Equal("StoppedBudget", document["Status"].AsString);
        Assert.Equal("Scoring", document["Steps"][0]["Status"].AsString);
        Assert.Equal(BsonBinarySubType.UuidStandard, document["_id"].AsBsonBinaryData.SubType);
        Assert.Equal(run.Settings, back.Settings);
        Assert.Equal(DateTimeKind.Utc, back.CreatedAt.Kind);
        Assert.Equal(JsonSerializer.Serialize(run), JsonSerializer.Serialize(back));
    }

    [Fact]
    public void When_a_champion_goes_through_the_MongoDB_mapping_Should_key_it_by_task_and_keep_history()
    {
        MongoMappings.EnsureRegistered();
        var runId = Guid.NewGuid();
        var champion = ChampionHistory.Promote(
            new ChampionRecord { Task = "navigate", Prompt = "old", RunId = runId, PromotedAt = SampleRuns.At(1) },
            new ChampionRecord { Task = "navigate", Prompt = "new", TestScore = 0.9, PromotedAt = SampleRuns.At(2) });

        var document = champion.ToBsonDocument();
        var back = BsonSerializer.Deserialize<ChampionRecord>(document);

        Assert.Equal("navigate", document["_id"].AsString);
        Assert.Equal(BsonBinarySubType.UuidStandard, document["History"][0]["RunId"].AsBsonBinaryData.SubType);
        Assert.Equal(JsonSerializer.Serialize(champion), JsonSerializer.Serialize(back));
    }

    [Fact]
    public void When_an_API_key_goes_through_the_MongoDB_mapping_Should_mark_only_configured_keys_and_read_fields_it_does_not_know()
    {
        using var mappings = new MongoControlPlaneDatabase("mongodb://127.0.0.1:1", "mapping"); // registers the mappings; connects to nothing
        var issued = new ApiKeyRecord { Id = "0123456789ab", SecretHash = "h", Name = "ci", Scopes = ["read"] };
        var configured = new ApiKeyRecord { Id = "ba9876543210", SecretHash = "h", Name = "bootstrap admin", Scopes = ["admin"], FromConfiguration = true };

        // A replica of the version before the mark reads an issued key as it wrote it (a rolling upgrade's old half).
        Assert.DoesNotContain(nameof(ApiKeyRecord.FromConfiguration), issued.ToBsonDocument().Names);
        Assert.True(BsonSerializer.Deserialize<ApiKeyRecord>(configured.ToBsonDocument()).FromConfiguration);
        var newer = issued.ToBsonDocument().Add("AddedLater", 1);
        Assert.Equal("ci", BsonSerializer.Deserialize<ApiKeyRecord>(newer).Name);
    }

    public static TheoryData<Type> ControlPlaneDocumentTypes() =>
    [
        .. typeof(IStoredDocument).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(IStoredDocument).Namespace && t is { IsPublic: true, IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(ControlPlaneDocumentTypes))]
    public void When_a_control_plane_document_holds_a_field_a_later_version_added_Should_read_it_through_the_MongoDB_mapping(Type type)
    {
        // Issued keys, tasks and decisions read such fields; dataset versions, tick claims and served counts failed.
        using var mappings = new MongoControlPlaneDatabase("mongodb://127.0.0.1:1", "mapping"); // registers the mappings; connects to nothing
        var written = Activator.CreateInstance(type)!.ToBsonDocument(type).Add("AddedLater", 1);

        var read = BsonSerializer.Deserialize(written, type);

        Assert.IsType(type, read);
    }

    [Fact]
    public void When_a_tasks_last_trigger_goes_through_the_MongoDB_mapping_Should_keep_its_run_as_a_standard_guid_and_read_tasks_written_before_it()
    {
        using var mappings = new MongoControlPlaneDatabase("mongodb://127.0.0.1:1", "mapping"); // registers the mappings; connects to nothing
        var runId = Guid.NewGuid();
        var task = new TaskRecord
        {
            Id = "nav", Settings = new Contracts.RunSettings { DataPath = "", InitialPrompt = "p0" },
            LastTrigger = TriggerOutcome.Started("schedule (2026-12-04T03:00Z)", SampleRuns.At(2), runId),
        };

        var document = task.ToBsonDocument();
        var back = BsonSerializer.Deserialize<TaskRecord>(document);

        Assert.Equal(BsonBinarySubType.UuidStandard, document["LastTrigger"]["RunId"].AsBsonBinaryData.SubType);
        Assert.Equal((runId, SampleRuns.At(2), "schedule (2026-12-04T03:00Z)"), (back.LastTrigger!.RunId!.Value, back.LastTrigger.At, back.LastTrigger.Trigger));
        document.Remove("LastTrigger"); // a task written before the field
        Assert.Null(BsonSerializer.Deserialize<TaskRecord>(document).LastTrigger);
        document["LastTrigger"] = TriggerOutcome.Skipped("examples (+40 since the last run)", SampleRuns.At(3), "busy").ToBsonDocument().Add("AddedLater", 1);
        Assert.Equal("busy", BsonSerializer.Deserialize<TaskRecord>(document).LastTrigger!.SkipReason);
    }
}
