using System.Net;
using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Api.Triggers;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.ControlPlane.Embedded;
using GpoPipeline.Trajectories.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// The cron trigger with two API replicas over one store (what MongoDB is in production; here one embedded
/// database both replicas are handed): one tick starts one run, and a restarted replica does not start it again; a
/// tick whose replica died after claiming it is started once its claim's lease has passed, still only once.
/// </summary>
public sealed class ScheduleTrigger_Specs : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("gpo-replicas-").FullName;
    private LiteDbControlPlaneDatabase database = null!;
    private LiteDbRunStore runs = null!;

    public Task InitializeAsync()
    {
        database = new LiteDbControlPlaneDatabase(Path.Combine(folder, "cp.db"));
        runs = new LiteDbRunStore(Path.Combine(folder, "runs.db"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        database.Dispose();
        runs.Dispose();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    private ApiFactory Replica() => new(
        new Dictionary<string, string?> { ["ControlPlane:DataFolder"] = Path.Combine(folder, "datasets") },
        services =>
        {
            services.RemoveAll<IControlPlaneDatabase>();
            services.AddSingleton<IControlPlaneDatabase>(database);
            services.RemoveAll<IRunStore>();
            services.AddSingleton<IRunStore>(runs);
        });

    /// <summary>A task "nightly" with a daily cron (03:00 UTC) and data to run on.</summary>
    private static async Task<ControlPlaneStore> NightlyTaskAsync(ApiFactory replica)
    {
        var admin = replica.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "nightly", policy = new { cron = "0 3 * * *" } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/nightly/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(40)))).StatusCode);
        return replica.Services.GetRequiredService<ControlPlaneStore>();
    }

    private static string[] Logged(ApiFactory replica)
    {
        lock (replica.Logs)
        {
            return [.. replica.Logs];
        }
    }

    [Fact]
    public async Task When_two_replicas_see_the_same_cron_tick_Should_start_exactly_one_run_and_never_again_after_a_restart()
    {
        await using var first = Replica();
        await using var second = Replica();
        var admin = first.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "nightly", policy = new { cron = "0 3 * * *" } }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/nightly/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(40)))).StatusCode);
        var afterTick = DateTime.UtcNow.Date.AddDays(1).AddHours(3).AddSeconds(30);

        var started = await Task.WhenAll(
            first.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(afterTick, CancellationToken.None),
            second.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(afterTick, CancellationToken.None));

        Assert.Equal(1, started.Sum(s => s.Count));
        var store = first.Services.GetRequiredService<ControlPlaneStore>();
        var submission = Assert.Single(await store.ListSubmissionsAsync("nightly"));
        Assert.StartsWith("schedule", submission.Trigger);
        Assert.Single(await store.ListTickClaimsAsync("nightly"));

        await using var restarted = Replica();
        Assert.Empty(await restarted.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(afterTick.AddMinutes(5), CancellationToken.None));
        Assert.Single(await store.ListSubmissionsAsync("nightly"));
    }

    [Fact]
    public async Task When_the_replica_that_claimed_a_tick_died_before_submitting_Should_start_the_tick_once_after_the_lease()
    {
        await using var first = Replica();
        await using var second = Replica();
        var store = await NightlyTaskAsync(first);
        var lease = first.Services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.TickClaimLease;
        var tick = DateTime.UtcNow.Date.AddDays(1).AddHours(3);
        var claimedAt = tick.AddSeconds(10);
        Assert.True(await store.TryClaimTickAsync("nightly", tick, "died-after-claiming", claimedAt)); // then the process was killed

        Assert.Empty(await first.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(claimedAt + lease - TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Empty(await store.ListSubmissionsAsync("nightly")); // within the lease its claimant may still be submitting

        var afterLease = claimedAt + lease;
        var started = await Task.WhenAll(
            first.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(afterLease, CancellationToken.None),
            second.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(afterLease, CancellationToken.None));

        var runId = Assert.Single(started.SelectMany(s => s));
        var submission = Assert.Single(await store.ListSubmissionsAsync("nightly"));
        Assert.Equal((runId, $"schedule ({tick:yyyy-MM-ddTHH:mm}Z)"), (submission.RunId, submission.Trigger));
        var task = (await store.GetTaskAsync("nightly"))!;
        Assert.Equal((tick, runId), (task.LastCronTick, task.LastTrigger!.RunId));
        Assert.Contains(Logged(first).Concat(Logged(second)), line => line.Contains("died-after-claiming", StringComparison.Ordinal) && line.Contains("lapsed", StringComparison.Ordinal));
        Assert.Empty(await first.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(afterLease + lease, CancellationToken.None));
    }

    [Fact]
    public async Task When_the_replica_that_claimed_a_tick_died_after_submitting_its_run_Should_record_that_run_and_submit_none()
    {
        await using var replica = Replica();
        var (store, tick, lapsed, earlier) = await DeadClaimantSubmittedAsync(replica, "died-after-submitting");
        await CreatedByTheSchedulerAsync(earlier.RunId);

        Assert.Empty(await replica.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(lapsed, CancellationToken.None));

        Assert.Equal(earlier.RunId, Assert.Single(await store.ListSubmissionsAsync("nightly")).RunId);
        var task = (await store.GetTaskAsync("nightly"))!;
        Assert.Equal(tick, task.LastCronTick);
        Assert.Equal(earlier.RunId, task.LastTrigger!.RunId);
    }

    [Fact]
    public async Task When_the_replica_that_claimed_a_tick_died_after_storing_its_submission_and_no_run_exists_yet_Should_wait_and_record_nothing()
    {
        await using var replica = Replica();
        // No scheduler has created the run (its StartRun is queued, or it never left): it may yet come.
        var (store, tick, lapsed, earlier) = await DeadClaimantSubmittedAsync(replica, "died-before-its-run-existed");

        Assert.Empty(await replica.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(lapsed, CancellationToken.None));

        Assert.Equal(earlier.RunId, Assert.Single(await store.ListSubmissionsAsync("nightly")).RunId);
        var task = (await store.GetTaskAsync("nightly"))!;
        Assert.True(task.LastCronTick is null || task.LastCronTick < tick, $"the tick was recorded ({task.LastCronTick:o}) for a run that does not exist");
        Assert.Null(task.LastTrigger);
    }

    /// <summary>
    /// What a claimant did before it was killed: tomorrow's 03:00 tick claimed and its run submitted, the tick not
    /// recorded. Returns the moment its claim has lapsed.
    /// </summary>
    private static async Task<(ControlPlaneStore Store, DateTime Tick, DateTime Lapsed, SubmissionRecord Earlier)> DeadClaimantSubmittedAsync(ApiFactory replica, string claimant)
    {
        var store = await NightlyTaskAsync(replica);
        var lease = replica.Services.GetRequiredService<IOptions<ControlPlaneOptions>>().Value.TickClaimLease;
        var tick = DateTime.UtcNow.Date.AddDays(1).AddHours(3);
        var claimedAt = tick.AddSeconds(10);
        Assert.True(await store.TryClaimTickAsync("nightly", tick, claimant, claimedAt));
        using var scope = replica.Services.CreateScope();
        var earlier = await scope.ServiceProvider.GetRequiredService<RunSubmission>().SubmitAsync("nightly", $"schedule ({tick:yyyy-MM-ddTHH:mm}Z)", null, CancellationToken.None);
        return (store, tick, claimedAt + lease, earlier);
    }

    /// <summary>What the scheduler does when it takes the run's StartRun: the run exists in the run store.</summary>
    private async Task CreatedByTheSchedulerAsync(Guid runId)
    {
        var now = DateTime.UtcNow;
        Assert.True(await runs.TryCreateRunAsync(new RunRecord
        {
            Id = runId, Settings = new RunSettings { DataPath = "x" }, Status = RunStatus.Running, Task = "nightly",
            CurrentStep = 0, TotalSteps = 2, CreatedAt = now, UpdatedAt = now, Steps = [new StepRecord { Step = 0, Status = StepStatus.Scoring }],
        }));
    }

    [Fact]
    public async Task When_a_schedule_is_set_on_an_older_task_Should_start_at_its_first_tick_after_it_was_set_not_for_the_ticks_before()
    {
        await using var replica = Replica();
        var admin = replica.Admin();
        await admin.CreateTaskAsync("nightly", navigateExamples: 40);
        var store = replica.Services.GetRequiredService<ControlPlaneStore>();
        var task = (await store.GetTaskAsync("nightly"))!;
        task.CreatedAt = DateTime.UtcNow.AddDays(-3); // made days ago: 03:00 has passed since, more than once
        Assert.True(await store.TryUpdateTaskAsync(task));
        var trigger = replica.Services.GetRequiredService<ScheduleTrigger>();

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/v1/tasks/nightly/policy", Jsonl.Json(new { cron = "0 3 * * *" }))).StatusCode);

        // Asked at the moment the schedule was set, not at a later read of the clock: a PUT just before 03:00 UTC and a
        // clock read just after it made the 03:00 tick due, rightly, and the spec fail.
        var set = (await store.GetTaskAsync("nightly"))!.LastCronTick!.Value;
        Assert.Empty(await trigger.RunDueAsync(set, CancellationToken.None));
        var nextTick = set.Date.AddDays(1).AddHours(3);
        Assert.Single(await trigger.RunDueAsync(nextTick.AddSeconds(30), CancellationToken.None));
        Assert.StartsWith($"schedule ({nextTick:yyyy-MM-ddTHH:mm}Z)", Assert.Single(await store.ListSubmissionsAsync("nightly")).Trigger, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_one_tasks_submission_fails_unexpectedly_Should_record_its_tick_as_skipped_and_still_start_the_others()
    {
        var unreadable = Guid.NewGuid(); // the run store fails reading it: the submission of "a-broken" throws an IOException
        await using var replica = new ApiFactory(
            new Dictionary<string, string?> { ["ControlPlane:DataFolder"] = Path.Combine(folder, "datasets") },
            services =>
            {
                services.RemoveAll<IControlPlaneDatabase>();
                services.AddSingleton<IControlPlaneDatabase>(database);
                services.RemoveAll<IRunStore>();
                services.AddSingleton(RunStoreOutage.Around(runs, unreadable));
            });
        var admin = replica.Admin();
        foreach (var name in new[] { "a-broken", "b-fine" })
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name, policy = new { cron = "0 3 * * *" } }))).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync($"/v1/tasks/{name}/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(40)))).StatusCode);
        }

        var store = replica.Services.GetRequiredService<ControlPlaneStore>();
        var broken = (await store.GetTaskAsync("a-broken"))!;
        broken.ActiveRunId = unreadable;
        Assert.True(await store.TryUpdateTaskAsync(broken));
        var tick = DateTime.UtcNow.Date.AddDays(1).AddHours(3);

        var started = await replica.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(tick.AddSeconds(30), CancellationToken.None);

        Assert.Equal(Assert.Single(await store.ListSubmissionsAsync("b-fine")).RunId, Assert.Single(started));
        broken = (await store.GetTaskAsync("a-broken"))!;
        Assert.Equal(tick, broken.LastCronTick);
        Assert.Null(broken.LastTrigger!.RunId);
        Assert.Contains("IOException", broken.LastTrigger.SkipReason, StringComparison.Ordinal);
        string[] logged;
        lock (replica.Logs)
        {
            logged = [.. replica.Logs];
        }

        Assert.Contains(logged, line => line.Contains("task a-broken", StringComparison.Ordinal) && line.Contains("failed to submit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_no_tick_is_due_Should_start_nothing()
    {
        await using var replica = Replica();
        await replica.Admin().PostAsync("/v1/tasks", Jsonl.Json(new { name = "nightly", policy = new { cron = "0 3 * * *" } }));
        await replica.Admin().PutAsync("/v1/tasks/nightly/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(40)));
        var task = (await replica.Services.GetRequiredService<ControlPlaneStore>().GetTaskAsync("nightly"))!;
        var nextTick = Cronos.CronExpression.Parse("0 3 * * *").GetNextOccurrence(DateTime.SpecifyKind(task.CreatedAt, DateTimeKind.Utc))!.Value;

        Assert.Empty(await replica.Services.GetRequiredService<ScheduleTrigger>().RunDueAsync(nextTick.AddSeconds(-1), CancellationToken.None));
        Assert.Empty(await replica.Services.GetRequiredService<ControlPlaneStore>().ListTickClaimsAsync("nightly"));
    }
}
