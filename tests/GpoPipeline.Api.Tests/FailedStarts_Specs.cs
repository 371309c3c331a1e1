using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A submission claims its task, then writes the dataset folder and publishes the StartRun. When either fails, the run
/// never exists: the answer is a 503 saying what failed, the task's slot is given back at once and the submission shows
/// Failed (its stream ends). Before, the answer was a 500, the task stayed blocked by a run that never existed
/// (409 for ControlPlane:AbandonedSubmission) and the run showed Submitted, its event stream waiting for ever.
/// </summary>
public sealed class FailedStarts_Specs : IAsyncLifetime
{
    private ApiFactory api = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_the_dataset_folder_cannot_be_written_Should_answer_503_and_leave_the_task_free_and_the_run_failed()
    {
        var blocker = Path.Combine(Path.GetTempPath(), $"gpo-not-a-folder-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(blocker, "a file where the data folder should be");
        try
        {
            api = new ApiFactory(new Dictionary<string, string?> { ["ControlPlane:DataFolder"] = blocker });
            var admin = await NavTaskAsync();

            var detail = await Problems.AssertProblemAsync(await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { })), HttpStatusCode.ServiceUnavailable);

            Assert.Contains("could not write the dataset folder", detail, StringComparison.Ordinal);
            await AssertNothingHeldAsync(admin, "write the dataset folder");
            // Again refused for the folder, not as a conflict with the run that never started.
            await Problems.AssertProblemAsync(await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { })), HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task When_the_StartRun_cannot_be_published_Should_answer_503_and_leave_the_task_free_and_the_run_failed()
    {
        api = new ApiFactory();
        var admin = await NavTaskAsync();
        using (api.Services.GetRequiredService<IBus>().ConnectPublishObserver(new RefusedStartRuns()))
        {
            var detail = await Problems.AssertProblemAsync(await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { })), HttpStatusCode.ServiceUnavailable);
            Assert.Contains("could not publish the StartRun", detail, StringComparison.Ordinal);
        }

        await AssertNothingHeldAsync(admin, "publish the StartRun");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }))).StatusCode);
    }

    private async Task<HttpClient> NavTaskAsync()
    {
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav", navigateExamples: 60);
        return admin;
    }

    private static async Task AssertNothingHeldAsync(HttpClient admin, string failed)
    {
        Assert.Equal(JsonValueKind.Null, (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("activeRunId").ValueKind);
        var row = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/v1/runs?task=nav")).GetProperty("items").EnumerateArray());
        Assert.Equal("Failed", row.GetProperty("status").GetString());
        var runId = row.GetProperty("id").GetGuid();
        var run = await admin.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");
        Assert.Contains(failed, run.GetProperty("failureReason").GetString(), StringComparison.Ordinal);

        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // the stream ends after its snapshot
        var stream = await admin.GetStringAsync(new Uri($"/v1/runs/{runId}/events", UriKind.Relative), guard.Token);
        Assert.Contains("event: snapshot", stream, StringComparison.Ordinal);
    }

    /// <summary>A broker that refuses StartRun (down, or the publish not confirmed).</summary>
    private sealed class RefusedStartRuns : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context)
            where T : class => context.Message is StartRun ? throw new InvalidOperationException("the broker is unreachable") : Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
