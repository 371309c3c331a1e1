using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A score check that found a drop starts the re-optimization, then records its decision. When that write failed (or the
/// process died between the two), the retry of the run end found the task's slot taken by the re-optimization the first
/// attempt started, and recorded "re-optimization not started: … already has run X in progress" (and that as the task's
/// lastTrigger): a redelivered message did not converge to what one delivery records. It now finds its re-optimization.
/// </summary>
public sealed class ScoreDropRetry_Specs : IAsyncLifetime
{
    private int refusedWrites;
    private volatile bool armed;
    private readonly ApiFactory api;

    public ScoreDropRetry_Specs() => api = new ApiFactory(services: s => s.Replace(ServiceDescriptor.Singleton<IControlPlaneDatabase>(provider =>
        new InterceptedDocuments<DecisionRecord>(ControlPlaneDatabaseFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value))
        {
            BeforeInsert = () => armed && Interlocked.Exchange(ref refusedWrites, 1) == 0
                ? throw new IOException("the store is away for a moment")
                : Task.CompletedTask,
        })));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_the_drops_decision_write_fails_after_the_reoptimization_started_Should_record_that_reoptimization_on_the_retry()
    {
        var admin = api.Admin();
        var created = await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "nav", policy = new { scoreDropThreshold = 10, scoreDropExamples = 20 } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)))).StatusCode);
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        Assert.True(await store.TryAddDecisionAsync(new DecisionRecord // champion v1's reference: 90 points
        {
            Id = "nav/reference", Task = "nav", Outcome = "score-checked", ChampionVersion = 1, ChampionScore = 90, Reason = "reference",
            DecidedAt = DateTime.UtcNow.AddHours(-1),
        }));
        var appended = await admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(60).Take(20)));
        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        var checkId = (await appended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scoreCheckRunId").GetGuid();
        await api.StoreRunAsync(checkId, RunStatus.Running, "nav");
        var runs = api.Services.GetRequiredService<IRunStore>();
        var check = (await runs.GetRunAsync(checkId))!;
        (check.Status, check.InitialTestScore, check.TotalSteps) = (RunStatus.Completed, 0.5, 0); // 50 points: a drop of 40
        Assert.True(await runs.TryUpdateRunAsync(check));

        armed = true;
        await api.Services.GetRequiredService<IBus>().Publish(new RunCompleted { RunId = checkId, Status = "completed", BestPrompt = "p", BestDevScore = 0.5 });
        var decision = await ChampionDecisions.WaitForAsync(admin, checkId);

        Assert.Equal(1, refusedWrites); // the premise: the first attempt's decision was not written
        var reoptimization = Assert.Single(await store.ListSubmissionsAsync("nav"), s => s.Trigger.StartsWith("score-drop", StringComparison.Ordinal));
        Assert.Equal("score-dropped", decision.GetProperty("outcome").GetString());
        Assert.EndsWith($"; re-optimization {reoptimization.RunId} started", decision.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var last = (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("lastTrigger");
        Assert.Equal(reoptimization.RunId, last.GetProperty("runId").GetGuid());
    }
}
