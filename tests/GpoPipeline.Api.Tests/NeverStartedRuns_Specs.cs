using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// Runs the scheduler has not created: a submission it has not taken yet can be cancelled (the scheduler keeps a cancel
/// that comes before its StartRun), and one whose start failed can be neither cancelled nor resumed, with a 409 that
/// says why. Before, both answered 404 "does not exist" for a run the listing shows, and the run page offered them.
/// </summary>
public sealed class NeverStartedRuns_Specs : IAsyncLifetime, IPublishObserver
{
    private readonly ApiFactory api = new();
    private readonly ConcurrentQueue<CancelRun> cancels = new();
    private HttpClient admin = null!;

    public async Task InitializeAsync()
    {
        admin = api.Admin();
        api.Services.GetRequiredService<IBus>().ConnectPublishObserver(this);
        await admin.CreateTaskAsync("nav");
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_a_submitted_run_not_created_yet_is_cancelled_Should_accept_and_send_the_cancel()
    {
        var id = await AddSubmissionAsync(startFailure: null);

        var answer = await admin.PostAsync($"/v1/runs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Contains(cancels, c => c.RunId == id);
    }

    [Fact]
    public async Task When_a_run_whose_start_failed_is_cancelled_or_resumed_Should_answer_409_saying_it_never_started()
    {
        var id = await AddSubmissionAsync("the control plane could not publish the StartRun (the broker is unreachable)");

        var cancel = await admin.PostAsync($"/v1/runs/{id}/cancel", null);
        var resume = await admin.PostAsync($"/v1/runs/{id}/resume", null);

        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Contains("never started (the control plane could not publish", await cancel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        Assert.Contains("submit a new run of task 'nav'", await resume.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(cancels, c => c.RunId == id);
    }

    [Fact]
    public async Task When_a_submitted_run_not_created_yet_is_resumed_Should_answer_409_saying_it_has_not_started()
    {
        var id = await AddSubmissionAsync(startFailure: null);

        var resume = await admin.PostAsync($"/v1/runs/{id}/resume", null);

        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        Assert.Contains("has not started yet", await resume.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_run_without_a_run_document_is_read_Should_say_it_has_not_started()
    {
        var id = await AddSubmissionAsync(startFailure: null);

        var run = await admin.GetFromJsonAsync<JsonElement>($"/v1/runs/{id}");

        Assert.False(run.GetProperty("started").GetBoolean());
    }

    [Fact]
    public async Task When_neither_a_run_nor_a_submission_exists_Should_still_answer_404()
    {
        var id = Guid.NewGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/v1/runs/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/v1/runs/{id}/resume", null)).StatusCode);
    }

    private async Task<Guid> AddSubmissionAsync(string? startFailure)
    {
        var id = Guid.NewGuid();
        Assert.True(await api.Services.GetRequiredService<ControlPlaneStore>().TryAddSubmissionAsync(new SubmissionRecord
        {
            RunId = id, Task = "nav", ChampionVersion = 1, DatasetVersion = 1, Trigger = "manual", SubmittedAt = DateTime.UtcNow,
            StartFailure = startFailure,
        }));
        return id;
    }

    Task IPublishObserver.PrePublish<T>(PublishContext<T> context)
        where T : class => Task.CompletedTask;

    Task IPublishObserver.PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        if (context.Message is CancelRun cancel)
        {
            cancels.Enqueue(cancel);
        }

        return Task.CompletedTask;
    }

    Task IPublishObserver.PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;
}
