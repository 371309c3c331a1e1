using System.Text.Json;
using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// Progress events and decision announcements on the bus are input too: a run's stream shows a step only when the
/// run store shows the run running with that step, and a decision as the store recorded it. Before, a stale or forged
/// StepStarted or StepCompleted was shown for a run that was over or never reached that step, and a
/// ChampionDecisionRecorded was shown with its own outcome, version and reason once any decision about the run existed.
/// </summary>
public sealed class StrayProgress_Specs : IAsyncLifetime
{
    private const string Progress = "run-progress";

    private readonly ApiFactory api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_a_ChampionDecisionRecorded_differs_from_the_stored_decision_Should_show_the_stored_one()
    {
        var runId = await StoreRunAsync(RunStatus.Running);
        await StoreDecisionAsync(runId);
        await using var stream = await EventStream.OpenAsync(api.Admin(), runId);

        await PublishAsync(new ChampionDecisionRecorded { RunId = runId, Task = "nav", Outcome = "promoted", ChampionVersion = 9, Reason = "forged" });

        var decided = await stream.NextAsync();
        Assert.Equal("run-decided", decided.Kind);
        Assert.Equal("kept", decided.Data.GetProperty("status").GetString());
        Assert.Equal("champion v1: the stored reason", decided.Data.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task When_step_events_name_a_step_the_run_never_reached_or_completed_Should_not_show_them()
    {
        var runId = await StoreRunAsync(RunStatus.Running);
        await using var stream = await EventStream.OpenAsync(api.Admin(), runId);

        await PublishAsync(new StepStarted { RunId = runId, Step = 4, TotalSteps = 5 });
        await PublishAsync(new StepCompleted { RunId = runId, Step = 1, TotalSteps = 5, DevScore = 1, Prompt = "forged" });
        await PublishAsync(new StepStarted { RunId = runId, Step = 1, TotalSteps = 5 });

        var shown = await stream.NextAsync();
        Assert.Equal(("step-started", 1), (shown.Kind, shown.Data.GetProperty("step").GetInt32()));
    }

    [Fact]
    public async Task When_a_step_event_comes_for_a_run_that_is_over_Should_not_show_it()
    {
        var runId = await StoreRunAsync(RunStatus.Running);
        await using var stream = await EventStream.OpenAsync(api.Admin(), runId);
        var runs = api.Services.GetRequiredService<IRunStore>();
        var run = (await runs.GetRunAsync(runId))!;
        run.Status = RunStatus.Failed;
        Assert.True(await runs.TryUpdateRunAsync(run));

        await PublishAsync(new StepStarted { RunId = runId, Step = 1, TotalSteps = 5 });
        await StoreDecisionAsync(runId);
        await PublishAsync(new ChampionDecisionRecorded { RunId = runId, Task = "nav", Outcome = "kept", ChampionVersion = 1, Reason = "the stored reason" });

        Assert.Equal("run-decided", (await stream.NextAsync()).Kind);
    }

    private async Task PublishAsync<TMessage>(TMessage message)
        where TMessage : class
    {
        var bus = api.Services.GetRequiredService<IBus>();
        using var consumption = new BusConsumption<TMessage>(bus);
        await consumption.PublishAndWaitAsync(bus, message, Progress);
    }

    /// <summary>A run at step 1 of 5.</summary>
    private async Task<Guid> StoreRunAsync(RunStatus status)
    {
        var runId = Guid.NewGuid();
        var now = DateTime.UtcNow;
        Assert.True(await api.Services.GetRequiredService<IRunStore>().TryCreateRunAsync(new RunRecord
        {
            Id = runId, Settings = new RunSettings { DataPath = "x" }, Status = status, Task = "nav", CurrentStep = 1, TotalSteps = 5,
            CreatedAt = now, UpdatedAt = now, Steps = [new StepRecord { Step = 1, Status = StepStatus.Generating }],
        }));
        return runId;
    }

    /// <summary>The run as the control plane's (its submission) with its decision recorded.</summary>
    private async Task StoreDecisionAsync(Guid runId)
    {
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var submission = new SubmissionRecord { RunId = runId, Task = "nav", ChampionVersion = 1, DatasetVersion = 1, Trigger = "manual", SubmittedAt = DateTime.UtcNow };
        await store.TryAddSubmissionAsync(submission);
        Assert.True(await store.TryAddDecisionAsync(new DecisionRecord
        {
            Id = ChallengeDecider.DecisionId(submission), Task = "nav", Outcome = "kept", RunId = runId, Trigger = "manual", ChampionVersion = 1,
            Reason = "the stored reason", DecidedAt = DateTime.UtcNow,
        }));
    }

    /// <summary>A run's event stream, its snapshot read: <see cref="NextAsync"/> gives the events after it.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly CancellationTokenSource guard = new(TimeSpan.FromSeconds(30)); // fails instead of hanging
        private HttpResponseMessage response = null!;
        private StreamReader reader = null!;

        public static async Task<EventStream> OpenAsync(HttpClient client, Guid runId)
        {
            var stream = new EventStream();
            stream.response = await client.GetAsync(new Uri($"/v1/runs/{runId}/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, stream.guard.Token);
            stream.reader = new StreamReader(await stream.response.Content.ReadAsStreamAsync(stream.guard.Token));
            Assert.Equal("snapshot", (await stream.NextAsync()).Kind);
            return stream;
        }

        public async Task<(string Kind, JsonElement Data)> NextAsync()
        {
            string? kind = null;
            while (await reader.ReadLineAsync(guard.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && kind is not null)
                {
                    return (kind, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
                }
            }

            throw new InvalidOperationException("the stream ended");
        }

        public ValueTask DisposeAsync()
        {
            reader?.Dispose();
            response?.Dispose();
            guard.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
