using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A task's daily budget counts what the runs submitted today (UTC) spent, reading only today's submissions: every
/// submission the task ever had was read for each submission, resume and trigger.
/// </summary>
public sealed class TaskBudget_Specs
{
    [Fact]
    public async Task When_a_task_has_many_earlier_submissions_Should_read_only_todays_to_compute_the_remainder()
    {
        var now = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(15), TimeSpan.Zero);
        CountedDocuments database = null!;
        await using var api = new ApiFactory(services: s =>
        {
            s.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
            s.Replace(ServiceDescriptor.Singleton<IControlPlaneDatabase>(provider =>
                database = new CountedDocuments(ControlPlaneDatabaseFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value))));
        });
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var runs = api.Services.GetRequiredService<IRunStore>();
        var today = now.UtcDateTime.Date;
        // 40 earlier runs (the last one second before midnight), and 2 today (the first at midnight), each of 3 calls.
        var times = Enumerable.Range(1, 40).Select(hours => today.AddHours(-hours)).Append(today.AddSeconds(-1)).Append(today).Append(today.AddHours(2));
        foreach (var at in times)
        {
            var id = Guid.NewGuid();
            Assert.True(await store.TryAddSubmissionAsync(new SubmissionRecord { RunId = id, Task = "t1", Trigger = "manual", SubmittedAt = at }));
            await runs.AddUsageOnceAsync(new UsageRecord { RunId = id, Step = 1, Role = "task", Calls = 3, InputTokens = 5 }, Guid.NewGuid());
        }

        var task = new TaskRecord { Id = "t1", Policy = new TaskPolicy { DailyMaxCalls = 10, DailyMaxTokens = 100 } };
        using var scope = api.Services.CreateScope();
        var budget = scope.ServiceProvider.GetRequiredService<TaskBudget>();
        database.Reset();

        var remaining = await budget.RemainingTodayAsync(task, CancellationToken.None);

        Assert.Equal((null, 4L, 90L), remaining);
        Assert.Equal(2, database.ReadFrom("cp_submissions"));
    }
}
