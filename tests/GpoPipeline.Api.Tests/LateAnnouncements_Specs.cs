using System.Net;
using System.Net.Http.Json;
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
/// A champion change whose ChampionPromoted could not leave is announced later, never lost. A rollback stored its new
/// version, then published: a refused publish answered 500 with the rollback in force and unannounced (the caller's retry
/// rolled back one step further), and a promotion whose run end went to challenge-decider_error was announced by no one.
/// Each version is now written marked unannounced until its event leaves, and the announcement sweep sends the ones
/// still marked after ControlPlane:AnnouncementRetryInterval.
/// </summary>
public sealed class LateAnnouncements_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();
    private ChampionAnnouncementWatch announcements = null!;
    private ControlPlaneStore store = null!;

    public Task InitializeAsync()
    {
        announcements = ChampionAnnouncementWatch.On(api.Services.GetRequiredService<IBus>());
        store = api.Services.GetRequiredService<ControlPlaneStore>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_a_rollbacks_ChampionPromoted_is_refused_Should_answer_the_rollback_and_the_sweep_announce_it_once()
    {
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/tasks/nav/champions")).StatusCode); // v1 is written on first read
        Assert.True(await store.TryAddChampionAsync(new ChampionVersionRecord
        {
            Task = "nav", Number = 2, Prompt = "second", Predecessor = 1, Reason = "promoted", PromotedAt = DateTime.UtcNow, RunId = Guid.NewGuid(),
        }));
        announcements.Refuse();

        var response = await admin.PostAsync("/v1/tasks/nav/rollback", null);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync()); // in force: a retry would roll back again
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32());
        Assert.Equal(1, announcements.Refused); // the premise
        Assert.Empty(announcements.Announced);
        announcements.Allow();

        var sweep = api.Services.GetRequiredService<ChampionAnnouncementSweep>();
        Assert.Equal(0, await sweep.AnnounceOverdueAsync(DateTime.UtcNow, CancellationToken.None)); // its writer's moment
        Assert.Equal(1, await sweep.AnnounceOverdueAsync(DateTime.UtcNow.AddMinutes(2), CancellationToken.None));
        Assert.Equal(0, await sweep.AnnounceOverdueAsync(DateTime.UtcNow.AddMinutes(4), CancellationToken.None)); // once

        var promotion = Assert.Single(announcements.Announced);
        var first = (await store.GetChampionVersionAsync("nav", 1))!.Prompt;
        Assert.Equal(("nav", 3, first, "rolled-back", (Guid?)null), (promotion.Task, promotion.ChampionVersion, promotion.Prompt, promotion.Outcome, promotion.RunId));
        Assert.False((await store.GetChampionVersionAsync("nav", 3))!.AnnouncementPending);
    }

    [Fact]
    public async Task When_a_rollback_is_announced_at_once_Should_leave_nothing_for_the_sweep()
    {
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/tasks/nav/champions")).StatusCode);
        Assert.True(await store.TryAddChampionAsync(new ChampionVersionRecord
        {
            Task = "nav", Number = 2, Prompt = "second", Predecessor = 1, Reason = "promoted", PromotedAt = DateTime.UtcNow, RunId = Guid.NewGuid(),
        }));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/tasks/nav/rollback", null)).StatusCode);

        Assert.Single(announcements.Announced);
        Assert.Equal(0, await api.Services.GetRequiredService<ChampionAnnouncementSweep>().AnnounceOverdueAsync(DateTime.UtcNow.AddMinutes(2), CancellationToken.None));
        Assert.Single(announcements.Announced);
    }

    [Fact]
    public async Task When_a_promotions_run_end_went_to_the_error_queue_unannounced_Should_the_sweep_announce_it_with_its_run_and_p()
    {
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav", navigateExamples: 60);
        var runId = await admin.SubmitRunAsync("nav");
        await api.StoreRunAsync(runId, RunStatus.Running, "nav");
        await api.CompleteWithBetterChallengerAsync(runId, "the challenger");
        announcements.Refuse(); // every attempt: the run end goes to challenge-decider_error
        await api.Services.GetRequiredService<IBus>().Publish(new RunCompleted { RunId = runId, Status = "completed", BestPrompt = "the challenger", BestDevScore = 1 });
        await announcements.WaitForRefusalsAsync(6);

        var decision = await store.GetDecisionAsync(ChallengeDecider.DecisionId((await store.GetSubmissionAsync(runId))!));
        Assert.Equal("promoted", decision?.Outcome); // the premise: stored, never announced
        Assert.Empty(announcements.Announced);
        announcements.Allow();

        Assert.Equal(1, await api.Services.GetRequiredService<ChampionAnnouncementSweep>().AnnounceOverdueAsync(DateTime.UtcNow.AddMinutes(2), CancellationToken.None));

        var promotion = Assert.Single(announcements.Announced);
        Assert.Equal(("nav", 2, "the challenger", "promoted", (Guid?)runId, decision!.PValue),
            (promotion.Task, promotion.ChampionVersion, promotion.Prompt, promotion.Outcome, promotion.RunId, promotion.PValue));
    }
}
