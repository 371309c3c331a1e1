using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests.Support;

/// <summary>A task and its run as the specs set them up: submitted through the API, then stored and moved as the scheduler would.</summary>
public static class ControlPlaneRuns
{
    /// <summary>POST /v1/tasks: creates task <paramref name="task"/>; then, when <paramref name="navigateExamples"/> is
    /// above zero, PUT /v1/tasks/{task}/dataset with that many of the navigate task's examples.</summary>
    public static async Task CreateTaskAsync(this HttpClient admin, string task, int navigateExamples = 0)
    {
        ArgumentNullException.ThrowIfNull(admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = task }))).StatusCode);
        if (navigateExamples > 0)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/v1/tasks/{task}/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(navigateExamples)))).StatusCode);
        }
    }

    /// <summary>POST /v1/tasks/{task}/runs; the run's id.</summary>
    public static async Task<Guid> SubmitRunAsync(this HttpClient client, string task)
    {
        ArgumentNullException.ThrowIfNull(client);
        var submitted = await client.PostAsync($"/v1/tasks/{task}/runs", Jsonl.Json(new { }));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The run document the scheduler would create for a submitted run, at step 1 of 5.</summary>
    public static async Task StoreRunAsync(this ApiFactory api, Guid runId, RunStatus status, string task)
    {
        ArgumentNullException.ThrowIfNull(api);
        var now = DateTime.UtcNow;
        Assert.True(await api.Services.GetRequiredService<IRunStore>().TryCreateRunAsync(new RunRecord
        {
            Id = runId, Settings = new RunSettings { DataPath = "x" }, Status = status, Task = task, CurrentStep = 1, TotalSteps = 5,
            CreatedAt = now, UpdatedAt = now,
        }));
    }

    /// <summary>
    /// The stored run completed, its held-out evaluation (the step after its last) showing <paramref name="challenger"/>
    /// right on every example the champion got wrong: a challenger the challenge decider promotes.
    /// </summary>
    public static async Task CompleteWithBetterChallengerAsync(this ApiFactory api, Guid runId, string challenger)
    {
        ArgumentNullException.ThrowIfNull(api);
        var runs = api.Services.GetRequiredService<IRunStore>();
        var run = (await runs.GetRunAsync(runId))!;
        var heldOut = run.TotalSteps + 1;
        run.Status = RunStatus.Completed;
        run.BestPrompt = challenger;
        run.Steps.Add(new StepRecord
        {
            Step = heldOut, Kind = StepKind.Test, Status = StepStatus.Completed, StartedAt = DateTime.UtcNow,
            Candidates = [new CandidateRecord { Index = 0, Prompt = "the champion" }, new CandidateRecord { Index = 1, Prompt = challenger }],
        });
        Assert.True(await runs.TryUpdateRunAsync(run));
        foreach (var (candidate, score) in new[] { (0, 0.0), (1, 1.0) })
        {
            Assert.True(await runs.TryRecordBatchScoreAsync(new BatchScoreRecord
            {
                RunId = runId, Step = heldOut, CandidateIndex = candidate, Split = "test", Score = 40 * score, Total = 40,
                ExampleScores = [.. Enumerable.Repeat(score, 40)], RecordedAt = DateTime.UtcNow,
            }));
        }
    }

    /// <summary>Publishes a run's end (or any message) as the scheduler would, and waits until the challenge decider has consumed it.</summary>
    public static async Task PublishToDeciderAsync<TMessage>(this ApiFactory api, TMessage message)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(api);
        var bus = api.Services.GetRequiredService<IBus>();
        using var consumption = new BusConsumption<TMessage>(bus);
        await consumption.PublishAndWaitAsync(bus, message, "challenge-decider");
    }

    /// <summary>The stored run's status changed, as the scheduler stores a run's end.</summary>
    public static async Task SetRunStatusAsync(this ApiFactory api, Guid runId, RunStatus status)
    {
        ArgumentNullException.ThrowIfNull(api);
        var runs = api.Services.GetRequiredService<IRunStore>();
        var run = (await runs.GetRunAsync(runId))!;
        run.Status = status;
        Assert.True(await runs.TryUpdateRunAsync(run));
    }
}
