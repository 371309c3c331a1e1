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
/// An append whose data trigger is postponed only because other requests kept changing the task (every compare-and-set
/// of the run's start lost) still has its score check: lost races say nothing about whether the check may start.
/// </summary>
public sealed class DataTriggerContention_Specs
{
    [Fact]
    public async Task When_the_data_trigger_loses_every_attempt_to_other_writers_Should_still_check_the_score_and_keep_the_postponement_on_the_task()
    {
        // Other requests change the task under each of the data trigger's five attempts to start its run, then stop.
        var lost = 0;
        await using var api = new ApiFactory(services: s => s.Replace(ServiceDescriptor.Singleton<IControlPlaneDatabase>(provider =>
            FirstRunStartsLose(ControlPlaneDatabaseFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value), losses: 5, () => lost++))));
        var admin = api.Admin();
        var created = await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "nav", policy = new { reoptimizeEveryExamples = 30, scoreDropThreshold = 10 } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(60)))).StatusCode);

        var appended = await admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(60).Take(10)));

        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        Assert.Equal(5, lost); // the premise: the trigger lost all five
        var answer = await appended.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("startedRunId").ValueKind);
        Assert.Equal(JsonValueKind.String, answer.GetProperty("scoreCheckRunId").ValueKind); // was null: a drop on these examples went unchecked
        var task = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav");
        Assert.Equal(answer.GetProperty("scoreCheckRunId").GetGuid(), task.GetProperty("activeRunId").GetGuid());
        // The postponed re-optimization stays the task's news; the check, visible as its active run, does not replace it.
        var last = task.GetProperty("lastTrigger");
        Assert.Equal("examples (+70 since the last run)", last.GetProperty("trigger").GetString());
        Assert.Contains("is being changed by other requests", last.GetProperty("skipReason").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The first <c>losses</c> writes of a task that start a run (set its ActiveRunId) lose their compare-and-set, as
    /// when other requests change the task between each read and write; every other write goes through.
    /// </summary>
    private static InterceptedDocuments<TaskRecord> FirstRunStartsLose(IControlPlaneDatabase inner, int losses, Func<int> lose)
    {
        var left = losses;
        return new(inner)
        {
            ReplaceGoesThrough = async (tasks, task, cancellationToken) =>
            {
                var startsRun = task.ActiveRunId is { } run && await tasks.GetAsync(task.Id, cancellationToken) is { } stored && stored.ActiveRunId != run;
                if (!startsRun || left == 0)
                {
                    return true;
                }

                left--;
                lose();
                return false;
            },
        };
    }
}
