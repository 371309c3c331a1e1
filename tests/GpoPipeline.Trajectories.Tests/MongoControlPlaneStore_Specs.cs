using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.ControlPlane.Mongo;
using GpoPipeline.Trajectories.Tests.Support;
using MongoDB.Bson;
using MongoDB.Driver;

namespace GpoPipeline.Trajectories.Tests;

/// <summary>The control-plane contract on MongoDB: a fresh database per test; skipped, saying why, without a server.</summary>
[RequiresMongoDb]
[Collection(MongoDbServerGroup.Name)]
public sealed class MongoControlPlaneStore_Specs(MongoDbFixture server) : ControlPlaneStoreContract_Specs
{
    private readonly string database = $"gpo-cp-tests-{Guid.NewGuid():N}";

    protected override IControlPlaneDatabase CreateDatabase() => new MongoControlPlaneDatabase(server.ConnectionString, database);

    protected override async Task<IReadOnlyList<IReadOnlyList<string>>> IndexesAsync(string collection)
    {
        using var client = new MongoClient(server.ConnectionString);
        var indexes = await (await client.GetDatabase(database).GetCollection<BsonDocument>(collection).Indexes.ListAsync()).ToListAsync();
        return [.. indexes.Where(index => index["name"].AsString != "_id_").Select(index => (IReadOnlyList<string>)[.. index["key"].AsBsonDocument.Names])];
    }

    [ContractFact]
    public async Task When_the_newest_of_a_task_are_read_Should_have_one_compound_index_of_the_task_then_the_order()
    {
        await Store.ListNewestDecisionsAsync("t1", 1);

        Assert.Contains(await IndexesAsync("cp_decisions"), index => index.SequenceEqual(["Task", "DecidedAt"]));
    }

    [ContractFact]
    public async Task When_a_champions_first_score_or_a_page_of_every_tasks_runs_is_read_Should_have_an_index_that_answers_it_in_order()
    {
        await Store.GetFirstScoredDecisionAsync("t1", 1);
        await Store.ListSubmissionsPageAsync(null, 0, 1);

        Assert.Contains(await IndexesAsync("cp_decisions"), index => index.SequenceEqual(["Task", "ChampionVersion", "DecidedAt"]));
        Assert.Contains(await IndexesAsync("cp_submissions"), index => index.SequenceEqual(["SubmittedAt"]));
    }

    /// <summary>
    /// A rolling upgrade runs two versions on one database: a task written back by the older one keeps the fields only
    /// the newer one knows (before, the older one's whole-document replace dropped them: the README's upgrade caveat).
    /// </summary>
    [ContractFact]
    public async Task When_a_task_is_updated_Should_keep_fields_this_version_does_not_know()
    {
        var task = new TaskRecord
        {
            Id = "upgraded", Description = "d", Settings = new Contracts.RunSettings { DataPath = "", InitialPrompt = "p0", Steps = 3 },
            CreatedAt = SampleRuns.At(1),
        };
        Assert.True(await Store.TryCreateTaskAsync(task));
        using var client = new MongoClient(server.ConnectionString);
        var raw = client.GetDatabase(database).GetCollection<BsonDocument>("cp_tasks");
        var byId = Builders<BsonDocument>.Filter.Eq("_id", "upgraded");
        await raw.UpdateOneAsync(byId, Builders<BsonDocument>.Update.Set("addedByANewerVersion", new BsonArray { 4, 5 }));

        var loaded = (await Store.GetTaskAsync("upgraded"))!;
        loaded.Description = "changed by the older version";
        Assert.True(await Store.TryUpdateTaskAsync(loaded));

        var stored = await raw.Find(byId).SingleAsync();
        Assert.Equal(new BsonArray { 4, 5 }, stored["addedByANewerVersion"]);
        Assert.Equal("changed by the older version", stored["Description"].AsString);
        Assert.Equal(2, (await Store.GetTaskAsync("upgraded"))!.Version);
    }

    protected override async Task CleanupAsync()
    {
        using var client = new MongoClient(server.ConnectionString);
        await client.DropDatabaseAsync(database);
    }
}
