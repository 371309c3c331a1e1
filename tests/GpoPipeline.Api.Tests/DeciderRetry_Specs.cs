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
/// The champion decider retries a store error. It had no retry (no consumer definition, no bus-wide retry): one failed
/// write while handling a run's end sent the message to challenge-decider_error, and the run was never decided (its task's
/// slot held, its challenger never promoted).
/// </summary>
public sealed class DeciderRetry_Specs : IAsyncLifetime
{
    private int refusedWrites;
    private volatile bool armed; // task creation records a decision too: only the decider's writes are refused

    private readonly ApiFactory api;

    public DeciderRetry_Specs() => api = new ApiFactory(services: s => s.Replace(ServiceDescriptor.Singleton<IControlPlaneDatabase>(provider =>
        FirstDecisionWriteFails(ControlPlaneDatabaseFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value)))));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_the_store_refuses_the_deciders_first_write_Should_still_record_the_decision_and_free_the_slot()
    {
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav", navigateExamples: 200);
        var submitted = await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var runId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var now = DateTime.UtcNow;
        Assert.True(await api.Services.GetRequiredService<IRunStore>().TryCreateRunAsync(new RunRecord
        {
            Id = runId, Settings = new RunSettings { DataPath = "x" }, Status = RunStatus.Failed, FailureReason = "the scorer gave up", Task = "nav",
            CurrentStep = 1, TotalSteps = 5, CreatedAt = now, UpdatedAt = now, Steps = [new StepRecord { Step = 1, Status = StepStatus.Generating }],
        }));

        armed = true;
        await api.Services.GetRequiredService<IBus>().Publish(new RunFailed { RunId = runId, Reason = "the scorer gave up" });

        var decision = await DecisionAboutAsync(admin, runId);
        Assert.Equal(1, refusedWrites); // the premise: the first write did fail
        Assert.True(decision is { } kept && kept.GetProperty("outcome").GetString() == "kept", "no decision recorded after the store refused one write");
        Assert.Equal(JsonValueKind.Null, (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("activeRunId").ValueKind);
    }

    /// <summary>The decision of <paramref name="runId"/> once recorded; null when none is within 20 s (retries take under 1 s here).</summary>
    private static async Task<JsonElement?> DecisionAboutAsync(HttpClient admin, Guid runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var history = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/champions");
            foreach (var decision in history.GetProperty("decisions").EnumerateArray())
            {
                if (decision.TryGetProperty("runId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == runId)
                {
                    return decision;
                }
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>Once armed, the first insert of a decision throws, as MongoDB does when its primary steps down; every later one goes through.</summary>
    private InterceptedDocuments<DecisionRecord> FirstDecisionWriteFails(IControlPlaneDatabase inner) => new(inner)
    {
        BeforeInsert = () => armed && Interlocked.Exchange(ref refusedWrites, 1) == 0
            ? throw new IOException("the store is away for a moment")
            : Task.CompletedTask,
    };
}
