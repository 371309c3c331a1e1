using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// GET /v1/tasks/{task}/champions answers the newest champion versions and decisions (20 by default, <c>?limit=</c>
/// 1–200), reading only those: the whole history was read and answered, thousands of decisions for a task checked
/// after each append.
/// </summary>
public sealed class ChampionHistory_Specs : IAsyncLifetime
{
    private const int Versions = 45;
    private CountedDocuments database = null!;
    private ApiFactory api = null!;

    public async Task InitializeAsync()
    {
        api = new ApiFactory(services: s => s.Replace(ServiceDescriptor.Singleton<IControlPlaneDatabase>(provider =>
            database = new CountedDocuments(ControlPlaneDatabaseFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value)))));
        Assert.Equal(HttpStatusCode.Created, (await api.Admin().PostAsync("/v1/tasks", Jsonl.Json(new { name = "nav", initialPrompt = "first" }))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Admin().GetAsync("/v1/tasks/nav/champions")).StatusCode); // v1 and its decision
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var start = DateTime.UtcNow; // after v1's decision
        for (var number = 2; number <= Versions; number++)
        {
            Assert.True(await store.TryAddChampionAsync(new ChampionVersionRecord
            {
                Task = "nav", Number = number, Prompt = $"prompt {number}", Predecessor = number - 1, Reason = "promoted", PromotedAt = start.AddSeconds(number),
            }));
            Assert.True(await store.TryAddDecisionAsync(new DecisionRecord
            {
                Id = $"nav/run/{number}", Task = "nav", Outcome = "promoted", Trigger = "manual", ChampionVersion = number - 1, NewChampionVersion = number,
                Reason = "promoted", DecidedAt = start.AddSeconds(number),
            }));
            await store.CountServedAsync("nav", number);
        }
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_the_history_is_read_without_a_limit_Should_answer_the_newest_20_versions_and_decisions_oldest_first()
    {
        var history = await HistoryAsync("");

        Assert.Equal(Versions, history.GetProperty("current").GetInt32());
        Assert.Equal(Enumerable.Range(Versions - 19, 20), Numbers(history, "versions", "number"));
        Assert.Equal(Enumerable.Range(Versions - 19, 20), Numbers(history, "decisions", "newChampionVersion"));
        Assert.Equal(Enumerable.Range(Versions - 19, 20), Numbers(history, "served", "championVersion"));
    }

    [Fact]
    public async Task When_the_history_is_read_with_a_limit_Should_read_only_that_many_versions_and_decisions_from_the_store()
    {
        database.Reset();
        var history = await HistoryAsync("?limit=3");

        Assert.Equal([Versions - 2, Versions - 1, Versions], Numbers(history, "versions", "number"));
        Assert.Equal([Versions - 2, Versions - 1, Versions], Numbers(history, "decisions", "newChampionVersion"));
        Assert.Equal([Versions - 2, Versions - 1, Versions], Numbers(history, "served", "championVersion"));
        // The champion in force is read once more on its own (ChampionBook.CurrentAsync).
        Assert.InRange(database.ReadFrom("cp_champions"), 3, 4);
        Assert.Equal(3, database.ReadFrom("cp_decisions"));
        Assert.Equal(3, database.ReadFrom("cp_served"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    public async Task When_the_limit_is_outside_1_to_200_Should_get_422_naming_the_parameter(string limit)
    {
        var response = await api.Admin().GetAsync($"/v1/tasks/nav/champions?limit={limit}");

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal($"Query 'limit' must be 1–200 (got {limit}).", detail);
    }

    private static List<int> Numbers(JsonElement history, string list, string field) =>
        [.. history.GetProperty(list).EnumerateArray().Select(entry => entry.GetProperty(field).GetInt32())];

    private async Task<JsonElement> HistoryAsync(string query)
    {
        var response = await api.Admin().GetAsync($"/v1/tasks/nav/champions{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
