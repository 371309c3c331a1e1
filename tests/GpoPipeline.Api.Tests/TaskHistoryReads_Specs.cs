using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// What a promotion, a rollback, a score check's end and a page of runs read of a task's history: what they need,
/// however long the task has lived. A task in production gathers champion versions, decisions and runs for months, and
/// each of these read all of them (every champion version to add one, every decision for a champion's first score,
/// every submission for one page of runs).
/// </summary>
public sealed class TaskHistoryReads_Specs : IAsyncLifetime
{
    private const int History = 300;

    // A handful of point reads and small pages; the whole history is 300.
    private const int Few = 10;

    private CountedDocuments database = null!;
    private ApiFactory api = null!;
    private HttpClient admin = null!;
    private ControlPlaneStore store = null!;

    public async Task InitializeAsync()
    {
        api = new ApiFactory(services: s => s.Replace(ServiceDescriptor.Singleton<IControlPlaneDatabase>(provider =>
            database = new CountedDocuments(ControlPlaneDatabaseFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value)))));
        admin = api.Admin();
        var created = await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "nav", initialPrompt = "v1", policy = new { scoreDropThreshold = 10 } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/tasks/nav/champions")).StatusCode); // v1 is written on first read
        store = api.Services.GetRequiredService<ControlPlaneStore>();
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_a_run_of_a_task_with_a_long_history_is_promoted_Should_read_a_few_champion_versions_not_every_one()
    {
        await PromoteUpToAsync(History);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)))).StatusCode);
        var runId = await admin.SubmitRunAsync("nav"); // from the champion in force, v300
        await api.StoreRunAsync(runId, RunStatus.Running, "nav");
        await api.CompleteWithBetterChallengerAsync(runId, "the challenger");
        database.Reset();

        await api.PublishToDeciderAsync(new RunCompleted { RunId = runId, Status = "completed", BestPrompt = "the challenger", BestDevScore = 1 });

        var decision = (await store.GetDecisionAsync(ChallengeDecider.DecisionId((await store.GetSubmissionAsync(runId))!)))!;
        Assert.True(decision.Outcome == "promoted", decision.Reason);
        var promoted = (await store.GetChampionAsync("nav"))!;
        Assert.Equal((History + 1, History, "the challenger", runId), (promoted.Number, promoted.Predecessor!.Value, promoted.Prompt, promoted.RunId!.Value));
        AssertFewReadFrom("cp_champions");
    }

    [Fact]
    public async Task When_the_champion_of_a_task_with_a_long_history_is_rolled_back_Should_read_a_few_champion_versions_not_every_one()
    {
        await PromoteUpToAsync(History);
        database.Reset();

        var response = await admin.PostAsync("/v1/tasks/nav/rollback", null);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var restored = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((History + 1, History - 1, $"v{History - 1}"),
            (restored.GetProperty("number").GetInt32(), restored.GetProperty("restores").GetInt32(), restored.GetProperty("prompt").GetString()));
        AssertFewReadFrom("cp_champions");
    }

    [Fact]
    public async Task When_a_score_check_of_a_task_with_a_long_history_ends_Should_read_the_champions_first_score_not_every_decision()
    {
        // Champion v1 was never promoted by a run: its reference is the first score recorded for it, 300 checks ago.
        var start = DateTime.UtcNow.AddHours(-1);
        for (var i = 0; i < History; i++)
        {
            Assert.True(await store.TryAddDecisionAsync(new DecisionRecord
            {
                Id = $"nav/check/{i}", Task = "nav", Outcome = "score-checked", Trigger = "score check", ChampionVersion = 1,
                ChampionScore = i == 0 ? 80 : 60 + (i % 10), Reason = "checked", DecidedAt = start.AddSeconds(i),
            }));
        }

        var check = new SubmissionRecord
        {
            RunId = Guid.NewGuid(), Task = "nav", ChampionVersion = 1, Trigger = "score check (+40 examples)", SubmittedAt = DateTime.UtcNow,
            ScoreCheck = true, CheckedExamples = 40,
        };
        Assert.True(await store.TryAddSubmissionAsync(check));
        Assert.True(await api.Services.GetRequiredService<IRunStore>().TryCreateRunAsync(new RunRecord
        {
            Id = check.RunId, Task = "nav", Status = RunStatus.Completed, InitialTestScore = 0.75, Settings = new RunSettings { DataPath = "x" },
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        }));
        database.Reset();

        await api.PublishToDeciderAsync(new RunCompleted { RunId = check.RunId, Status = "completed", BestPrompt = "v1", BestDevScore = 0.75 });

        var decision = (await store.GetDecisionAsync(ChallengeDecider.DecisionId(check)))!;
        Assert.Equal("score-checked", decision.Outcome);
        Assert.Contains("scored 75 on the newest 40 labelled examples vs 80 recorded", decision.Reason, StringComparison.Ordinal);
        AssertFewReadFrom("cp_decisions");
    }

    [Theory]
    [InlineData("")]
    [InlineData("task=nav&")]
    public async Task When_a_page_of_runs_is_listed_Should_read_that_page_of_submissions_not_every_one(string task)
    {
        // Three submissions a second, so that the page begins and ends within one instant (ordered by id there).
        var start = DateTime.UtcNow.AddHours(-1);
        for (var i = 0; i < History; i++)
        {
            Assert.True(await store.TryAddSubmissionAsync(new SubmissionRecord
            {
                RunId = Guid.NewGuid(), Task = i % 2 == 0 ? "nav" : "other", Trigger = "manual", SubmittedAt = start.AddSeconds(i / 3),
            }));
        }

        var whole = (await store.ListSubmissionsAsync(task.Length == 0 ? null : "nav")).Select(s => s.RunId).ToList();
        database.Reset();

        var page = await admin.GetFromJsonAsync<JsonElement>($"/v1/runs?{task}page=3&pageSize=7");

        Assert.Equal(whole.Skip(14).Take(7), page.GetProperty("items").EnumerateArray().Select(run => run.GetProperty("id").GetGuid()));
        Assert.Equal(whole.Count, page.GetProperty("total").GetInt32());
        // The page, and the submissions of its first and last instants (three each), which may lie either side of its edges.
        Assert.InRange(database.ReadFrom("cp_submissions"), 7, 7 + 6);
    }

    /// <summary>Champion versions v2…v<paramref name="last"/> after the task's first, each promoted over the one before.</summary>
    private async Task PromoteUpToAsync(int last)
    {
        for (var number = 2; number <= last; number++)
        {
            Assert.True(await store.TryAddChampionAsync(new ChampionVersionRecord
            {
                Task = "nav", Number = number, Prompt = $"v{number}", RunId = Guid.NewGuid(), HeldOutScore = 50, Predecessor = number - 1,
                Reason = "promoted", PromotedAt = DateTime.UtcNow,
            }));
        }
    }

    private void AssertFewReadFrom(string collection)
    {
        var read = database.ReadFrom(collection);
        Assert.True(read <= Few, $"{read} documents read from {collection}, whose task holds {History}");
    }
}
