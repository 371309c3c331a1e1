using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A run-end event on the bus is input too: the control plane acts on RunCompleted, RunFailed, RunCancelled and
/// ChampionDecisionRecorded only when its stores show the run ended so (its decision recorded). Before, a stray
/// RunFailed or RunCompleted for a running run recorded a final "kept" decision and freed the task's slot (a second
/// run was accepted beside it, and the real challenger could never be promoted), and any stray run end ended the
/// streams of the run's followers. Each spec waits until the message was consumed, then looks at what it changed.
/// </summary>
public sealed class StrayRunEnds_Specs : IAsyncLifetime
{
    private const string Decider = "challenge-decider";
    private const string Progress = "run-progress";

    private readonly ApiFactory api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Theory]
    [InlineData(nameof(RunFailed), true)]
    [InlineData(nameof(RunCompleted), true)]
    [InlineData(nameof(RunFailed), false)]
    [InlineData(nameof(RunCompleted), false)]
    public async Task When_a_run_end_comes_for_a_run_still_running_or_not_created_yet_Should_decide_nothing_and_keep_the_tasks_slot(string runEnd, bool created)
    {
        var admin = api.Admin();
        var runId = await SubmitNavRunAsync(admin);
        if (created)
        {
            await StoreRunAsync(runId, RunStatus.Running); // as the scheduler stores it while it runs
        }

        await PublishRunEndAsync(runEnd, runId, Decider, Progress);

        Assert.Empty(await DecisionsAboutAsync(admin, runId));
        Assert.Equal(runId, (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("activeRunId").GetGuid());
        var second = await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.True(second.StatusCode == HttpStatusCode.Conflict, $"{(int)second.StatusCode} {await second.Content.ReadAsStringAsync()}");
        Assert.Contains(Logged(), line => line.Contains($"ChallengeDecider ignored {runEnd} for run {runId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_a_RunFailed_comes_for_a_run_that_failed_Should_keep_the_champion_with_the_stored_reason_and_free_the_slot()
    {
        var admin = api.Admin();
        var runId = await SubmitNavRunAsync(admin);
        await StoreRunAsync(runId, RunStatus.Failed, "CandidatesGenerated of step 1 failed after retries: the store was away");

        // The status fits, the text does not: the decision is final, so it gives the reason the scheduler stored.
        await PublishAsync(new RunFailed { RunId = runId, Reason = "not from the scheduler" }, Decider);

        var decision = Assert.Single(await DecisionsAboutAsync(admin, runId));
        Assert.Equal("kept", decision.GetProperty("outcome").GetString());
        Assert.Equal("the run failed: CandidatesGenerated of step 1 failed after retries: the store was away", decision.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("activeRunId").ValueKind);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }))).StatusCode);
    }

    [Theory]
    [InlineData(nameof(RunFailed))]
    [InlineData(nameof(RunCompleted))]
    [InlineData(nameof(RunCancelled))]
    [InlineData(nameof(ChampionDecisionRecorded))]
    public async Task When_a_run_end_comes_for_a_run_still_running_Should_not_end_or_interrupt_its_followers_stream(string runEnd)
    {
        var runId = Guid.NewGuid();
        await StoreRunAsync(runId, RunStatus.Running); // a run of `gpo optimize --distributed`: every run end ends its stream
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // fails instead of hanging
        using var response = await api.Admin().GetAsync($"/v1/runs/{runId}/events", HttpCompletionOption.ResponseHeadersRead, guard.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));
        var events = new List<string> { await NextEventAsync(reader, guard.Token) ?? "(the stream ended)" };

        // The stray end is consumed before the next progress event is published, so the stream shows them in this order.
        await PublishRunEndAsync(runEnd, runId, Progress);
        await PublishAsync(new StepStarted { RunId = runId, Step = 1, TotalSteps = 5 }, Progress);
        events.Add(await NextEventAsync(reader, guard.Token) ?? "(the stream ended)");

        Assert.Equal(["snapshot", "step-started"], events);
    }

    private async Task PublishRunEndAsync(string runEnd, Guid runId, params string[] endpoints)
    {
        const string Stray = "not from the scheduler";
        await (runEnd switch
        {
            nameof(RunFailed) => PublishAsync(new RunFailed { RunId = runId, Reason = Stray }, endpoints),
            nameof(RunCompleted) => PublishAsync(new RunCompleted { RunId = runId, Status = "completed", BestPrompt = Stray, BestDevScore = 1 }, endpoints),
            nameof(RunCancelled) => PublishAsync(new RunCancelled { RunId = runId, Reason = Stray }, endpoints),
            _ => PublishAsync(new ChampionDecisionRecorded { RunId = runId, Task = "nav", Outcome = "kept", Reason = Stray }, endpoints),
        });
    }

    /// <summary>Publishes and waits until the named endpoints consumed the message: what it changed is done by then.</summary>
    private async Task PublishAsync<TMessage>(TMessage message, params string[] endpoints)
        where TMessage : class
    {
        var bus = api.Services.GetRequiredService<IBus>();
        using var consumption = new BusConsumption<TMessage>(bus);
        await consumption.PublishAndWaitAsync(bus, message, endpoints);
    }

    /// <summary>Task nav with data and a run submitted through the API (no scheduler here: the StartRun goes nowhere).</summary>
    private static async Task<Guid> SubmitNavRunAsync(HttpClient admin)
    {
        await admin.CreateTaskAsync("nav", navigateExamples: 200);
        var submitted = await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task StoreRunAsync(Guid runId, RunStatus status, string? failureReason = null)
    {
        var now = DateTime.UtcNow;
        Assert.True(await api.Services.GetRequiredService<IRunStore>().TryCreateRunAsync(new RunRecord
        {
            Id = runId, Settings = new RunSettings { DataPath = "x" }, Status = status, FailureReason = failureReason, Task = "nav",
            CurrentStep = 1, TotalSteps = 5, CreatedAt = now, UpdatedAt = now, Steps = [new StepRecord { Step = 1, Status = StepStatus.Generating }],
        }));
    }

    private static async Task<List<JsonElement>> DecisionsAboutAsync(HttpClient admin, Guid runId)
    {
        var history = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/champions");
        return [.. history.GetProperty("decisions").EnumerateArray()
            .Where(d => d.TryGetProperty("runId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == runId)];
    }

    /// <summary>The name of the stream's next event, or null when the server ended the stream.</summary>
    private static async Task<string?> NextEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                return line["event: ".Length..];
            }
        }

        return null;
    }

    private List<string> Logged()
    {
        lock (api.Logs)
        {
            return [.. api.Logs];
        }
    }
}
