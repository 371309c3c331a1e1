using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A promotion is announced (ChampionPromoted) even when the delivery that stored it died before announcing. The decider
/// published ChampionPromoted only for a decision its own delivery made; the retry or redelivery found the decision
/// stored, decided nothing and announced no promotion, so subscribers never heard the champion changed.
/// </summary>
public sealed class PromotionAnnouncement_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();
    private ChampionAnnouncementWatch announcements = null!;

    public Task InitializeAsync()
    {
        announcements = ChampionAnnouncementWatch.On(api.Services.GetRequiredService<IBus>());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_publishing_ChampionPromoted_fails_once_after_the_promotion_is_stored_Should_announce_it_on_the_retry()
    {
        var (runId, store) = await BetterChallengerAsync();
        announcements.Refuse(1);

        await api.PublishToDeciderAsync(Completed(runId));

        await AssertAnnouncedOnceAsync(runId, store);
    }

    [Fact]
    public async Task When_every_attempt_to_announce_failed_and_the_run_end_is_delivered_again_Should_announce_the_stored_promotion()
    {
        var (runId, store) = await BetterChallengerAsync();
        announcements.Refuse(); // the broker refuses until every retry is spent: the message goes to challenge-decider_error
        await api.Services.GetRequiredService<IBus>().Publish(Completed(runId));
        await announcements.WaitForRefusalsAsync(6);

        Assert.True(announcements.Refused > 0); // the premise: stored, never announced
        Assert.Equal("promoted", (await store.GetDecisionAsync(ChallengeDecider.DecisionId((await store.GetSubmissionAsync(runId))!)))!.Outcome);
        Assert.Empty(announcements.Announced);

        announcements.Allow();
        await api.PublishToDeciderAsync(Completed(runId)); // moved back from the error queue

        await AssertAnnouncedOnceAsync(runId, store);
    }

    [Fact]
    public async Task When_the_run_end_is_delivered_again_after_its_promotion_was_announced_Should_not_announce_it_again()
    {
        var (runId, store) = await BetterChallengerAsync();
        await api.PublishToDeciderAsync(Completed(runId));
        await AssertAnnouncedOnceAsync(runId, store);

        // A late copy (after a rollback, say): announcing the old promotion again would tell subscribers that read the
        // newest event that it is in force.
        await api.PublishToDeciderAsync(Completed(runId));

        Assert.Single(announcements.Announced);
    }

    /// <summary>Task nav with its run completed, the challenger better on every held-out example.</summary>
    private async Task<(Guid RunId, ControlPlaneStore Store)> BetterChallengerAsync()
    {
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav", navigateExamples: 60);
        var runId = await admin.SubmitRunAsync("nav");
        await api.StoreRunAsync(runId, RunStatus.Running, "nav");
        await api.CompleteWithBetterChallengerAsync(runId, "the challenger");
        return (runId, api.Services.GetRequiredService<ControlPlaneStore>());
    }

    private static RunCompleted Completed(Guid runId) => new() { RunId = runId, Status = "completed", BestPrompt = "the challenger", BestDevScore = 1 };

    /// <summary>Exactly one ChampionPromoted, for the version the run promoted; that version once, and no other written.</summary>
    private async Task AssertAnnouncedOnceAsync(Guid runId, ControlPlaneStore store)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20); // a retry comes after the failed attempt was observed consumed
        while (announcements.Announced.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300); // a second copy right behind the first is seen too

        var promotion = Assert.Single(announcements.Announced);
        Assert.Equal(("nav", 2, "the challenger", runId, "promoted"), (promotion.Task, promotion.ChampionVersion, promotion.Prompt, promotion.RunId, promotion.Outcome));
        Assert.NotNull(promotion.PValue);
        Assert.Equal([1, 2], (await store.ListChampionsAsync("nav")).Select(c => c.Number));
        Assert.Single(await store.ListDecisionsAsync("nav"), d => d.RunId == runId);
    }
}
