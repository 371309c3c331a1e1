using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// What GET /v1/runs, /v1/runs/{id} and /v1/runs/{id}/steps show of a run: a status the list filters by, a step within
/// its total, and no step still at work in a run that has stopped.
/// </summary>
public sealed class RunListing_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_runs_are_filtered_by_each_status_a_run_shows_Should_list_exactly_the_runs_showing_it()
    {
        var submitted = await SubmitAsync(run: null);
        var completed = await SubmitAsync(new RunRecord { Status = RunStatus.Completed, CurrentStep = 3, TotalSteps = 3 });
        var shown = new Dictionary<string, Guid>();
        foreach (var id in new[] { submitted, completed })
        {
            shown[(await GetAsync($"/v1/runs/{id}")).GetProperty("status").GetString()!] = id;
        }

        foreach (var (status, id) in shown)
        {
            var page = await GetAsync($"/v1/runs?status={status.ToLowerInvariant()}");
            var listed = Assert.Single(page.GetProperty("items").EnumerateArray());
            Assert.Equal(id, listed.GetProperty("id").GetGuid());
        }

        Assert.Equal(2, shown.Count);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(int.MaxValue, 200)] // (page - 1) × pageSize past int: the offset wrapped negative and page 1 came back
    [InlineData(10_737_419, 200)]
    public async Task When_a_page_past_the_last_is_asked_for_Should_list_no_runs(int page, int pageSize)
    {
        await SubmitAsync(run: null);

        var listed = await GetAsync($"/v1/runs?page={page}&pageSize={pageSize}");

        Assert.Empty(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(1, listed.GetProperty("total").GetInt32());
        Assert.Equal(page, listed.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task When_a_page_of_runs_is_listed_Should_read_only_the_runs_on_that_page()
    {
        // The older run cannot be read: listing page 1 of size 1 must not need it (every run was read for any page).
        var older = Guid.NewGuid();
        await using var listing = new ApiFactory(services: services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(IRunStore));
            services.Remove(original);
            services.AddSingleton(provider => RunStoreOutage.Around((IRunStore)original.ImplementationFactory!(provider), older));
        });
        var controlPlane = listing.Services.GetRequiredService<ControlPlaneStore>();
        var newer = Guid.NewGuid();
        Assert.True(await controlPlane.TryAddSubmissionAsync(new SubmissionRecord { RunId = older, Task = "t1", Trigger = "manual", SubmittedAt = DateTime.UtcNow.AddMinutes(-1) }));
        Assert.True(await controlPlane.TryAddSubmissionAsync(new SubmissionRecord { RunId = newer, Task = "t1", Trigger = "manual", SubmittedAt = DateTime.UtcNow }));

        var response = await listing.Admin().GetAsync("/v1/runs?pageSize=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(newer, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(2, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task When_a_page_of_runs_in_one_status_is_listed_Should_read_only_the_runs_on_that_page()
    {
        RunDocumentReads reads = null!;
        await using var listing = new ApiFactory(services: services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(IRunStore));
            services.Remove(original);
            services.AddSingleton(provider =>
            {
                (var store, reads) = RunDocumentReads.Around((IRunStore)original.ImplementationFactory!(provider));
                return store;
            });
        });
        var controlPlane = listing.Services.GetRequiredService<ControlPlaneStore>();
        var runs = listing.Services.GetRequiredService<IRunStore>();
        var start = DateTime.UtcNow.AddHours(-1);
        var statuses = new[] { RunStatus.Completed, RunStatus.Running, RunStatus.Failed };
        var byStatus = new Dictionary<string, List<Guid>>(); // newest first, as the list shows them
        for (var i = 0; i < 61; i++)
        {
            // Every fourth run was not stored yet (Submitted), and one start failed (Failed with no run stored).
            var id = Guid.NewGuid();
            var submission = new SubmissionRecord { RunId = id, Task = "t1", Trigger = "manual", SubmittedAt = start.AddSeconds(i), StartFailure = i == 30 ? "the StartRun could not be published" : null };
            Assert.True(await controlPlane.TryAddSubmissionAsync(submission));
            var status = i == 30 ? nameof(RunStatus.Failed) : i % 4 == 0 ? RunStatusNames.Submitted : statuses[i % 3].ToString();
            if (i != 30 && i % 4 != 0)
            {
                Assert.True(await runs.TryCreateRunAsync(new RunRecord
                {
                    Id = id, Task = "t1", Status = statuses[i % 3], Settings = new RunSettings { DataPath = "" }, CreatedAt = submission.SubmittedAt, TotalSteps = 3,
                }));
            }

            byStatus.TryAdd(status, []);
            byStatus[status].Insert(0, id);
        }

        foreach (var (status, ids) in byStatus)
        {
            reads.Reset();
            var response = await listing.Admin().GetAsync($"/v1/runs?status={status}&page=2&pageSize=4");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(ids.Skip(4).Take(4), items.Select(item => item.GetProperty("id").GetGuid()));
            Assert.All(items, item => Assert.Equal(status, item.GetProperty("status").GetString()));
            Assert.Equal(ids.Count, page.GetProperty("total").GetInt32());
            Assert.True(reads.Count <= 4, $"status {status}: {reads.Count} run documents read for a page of 4");
        }

        Assert.Contains(RunStatusNames.Submitted, byStatus.Keys);
    }

    [Fact]
    public async Task When_the_status_filter_is_unknown_Should_get_400_naming_every_status_a_run_can_show()
    {
        var response = await api.Admin().GetAsync("/v1/runs?status=Done");

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.All(RunStatusNames.All, status => Assert.Contains(status, detail, StringComparison.Ordinal));
        Assert.Contains("'Done'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_run_is_over_after_its_test_step_Should_show_a_current_step_within_its_total()
    {
        var id = await SubmitAsync(new RunRecord { Status = RunStatus.Completed, CurrentStep = 4, TotalSteps = 3 });

        var run = await GetAsync($"/v1/runs/{id}");
        var row = Assert.Single((await GetAsync("/v1/runs")).GetProperty("items").EnumerateArray());
        var steps = await GetAsync($"/v1/runs/{id}/steps"); // the web dashboard's run page

        foreach (var answer in new[] { run, row, steps })
        {
            Assert.True(answer.GetProperty("currentStep").GetInt32() <= answer.GetProperty("totalSteps").GetInt32(), answer.ToString());
            Assert.Equal(3, answer.GetProperty("totalSteps").GetInt32());
        }
    }

    [Theory]
    [InlineData(RunStatus.Cancelled, StepStatus.Scoring)]
    [InlineData(RunStatus.Failed, StepStatus.Generating)]
    [InlineData(RunStatus.StoppedBudget, StepStatus.ScoringMinibatch)]
    public async Task When_a_run_stops_while_a_step_is_open_Should_show_the_step_interrupted_until_the_run_is_resumed(RunStatus stopped, StepStatus open)
    {
        // The store keeps the open step's status (a resume continues that very step); nothing works on it meanwhile.
        var run = new RunRecord { Status = stopped, CurrentStep = 1, TotalSteps = 3 };
        run.Steps.Add(new StepRecord { Step = 0, Kind = StepKind.Baseline, Status = StepStatus.Completed, StartedAt = DateTime.UtcNow });
        run.Steps.Add(new StepRecord { Step = 1, Kind = StepKind.Optimize, Status = open, StartedAt = DateTime.UtcNow });
        var id = await SubmitAsync(run);

        Assert.Equal(["Completed", "Interrupted"], await StepStatusesAsync(id));
        var schemas = (await GetAsync("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");
        var described = schemas.GetProperty("StepViewResponse").GetProperty("properties").GetProperty("status").GetProperty("description").GetString();
        Assert.Contains("Interrupted", described, StringComparison.Ordinal);

        var runs = api.Services.GetRequiredService<IRunStore>();
        var resumed = (await runs.GetRunAsync(id))!;
        resumed.Status = RunStatus.Running; // as RunLifecycle.Resume leaves it
        Assert.True(await runs.TryUpdateRunAsync(resumed));
        Assert.Equal(["Completed", open.ToString()], await StepStatusesAsync(id));
    }

    [Fact]
    public async Task When_a_cancelled_run_of_the_control_plane_is_followed_Should_end_the_stream_after_the_snapshot()
    {
        // No decision ever comes for a cancelled run: the stream must not wait for one (the OpenAPI description of GET …/events).
        var id = await SubmitAsync(new RunRecord { Status = RunStatus.Cancelled, CurrentStep = 1, TotalSteps = 3 });

        Assert.Equal(["snapshot"], await EventsUntilTheStreamEndsAsync(id, afterSnapshot: () => Task.CompletedTask));
    }

    [Fact]
    public async Task When_a_followed_run_of_the_control_plane_is_cancelled_Should_end_the_stream_with_run_cancelled()
    {
        var id = await SubmitAsync(new RunRecord { Status = RunStatus.Running, CurrentStep = 1, TotalSteps = 3 });

        // What the scheduler does once the cancel takes effect (RunDriver.CancelAsync): the run stored cancelled, then
        // announced (a RunCancelled for a run the store shows running is stray, and ends no stream: StrayRunEnds_Specs).
        var events = await EventsUntilTheStreamEndsAsync(id, afterSnapshot: async () =>
        {
            var runs = api.Services.GetRequiredService<IRunStore>();
            var run = (await runs.GetRunAsync(id))!;
            run.Status = RunStatus.Cancelled;
            Assert.True(await runs.TryUpdateRunAsync(run));
            await api.Services.GetRequiredService<IBus>().Publish(new RunCancelled { RunId = id, Reason = "cancelled from the dashboard", Step = 1 });
        });

        Assert.Equal(["snapshot", "run-cancelled"], events);
    }

    /// <summary>The event names of GET /v1/runs/{id}/events until the server ends the stream; a stream still open after 30 s fails the spec.</summary>
    private async Task<List<string>> EventsUntilTheStreamEndsAsync(Guid id, Func<Task> afterSnapshot)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // fails instead of hanging when the stream stays open
        var response = await api.Admin().GetAsync($"/v1/runs/{id}/events", HttpCompletionOption.ResponseHeadersRead, guard.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));
        var events = new List<string>();
        try
        {
            while (await reader.ReadLineAsync(guard.Token) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    events.Add(line["event: ".Length..]);
                    if (events.Count == 1)
                    {
                        await afterSnapshot();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The stream of run {id} was still open after {string.Join(", ", events)}.");
        }

        return events;
    }

    /// <summary>A submission as the control plane records it, and the run as a worker would have recorded it (null: not yet).</summary>
    private async Task<Guid> SubmitAsync(RunRecord? run)
    {
        var id = Guid.NewGuid();
        var submission = new SubmissionRecord { RunId = id, Task = "t1", Trigger = "manual", SubmittedAt = DateTime.UtcNow };
        Assert.True(await api.Services.GetRequiredService<ControlPlaneStore>().TryAddSubmissionAsync(submission));
        if (run is not null)
        {
            run.Id = id;
            run.Task = "t1";
            run.Settings = new RunSettings { DataPath = "" };
            run.CreatedAt = DateTime.UtcNow;
            Assert.True(await api.Services.GetRequiredService<IRunStore>().TryCreateRunAsync(run));
        }

        return id;
    }

    /// <summary>Each step's status as the web dashboard's run page reads it (GET /v1/runs/{id}/steps).</summary>
    private async Task<List<string>> StepStatusesAsync(Guid id) =>
        [.. (await GetAsync($"/v1/runs/{id}/steps")).GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()!)];

    private async Task<JsonElement> GetAsync(string path)
    {
        var response = await api.Admin().GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
