using GpoPipeline.Contracts;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;

namespace GpoPipeline.Api.Champions;

/// <summary>
/// Publishes a champion version's ChampionPromoted and clears its <see cref="ChampionVersionRecord.AnnouncementPending"/>
/// mark once it has left. A version is written marked, so a writer that dies (or whose broker refuses) between writing
/// and publishing leaves it marked, and <see cref="ChampionAnnouncementSweep"/> announces it later: at least once, never
/// lost. A duplicate names the same task and version (versions only grow), so subscribers can tell it from a change.
/// </summary>
public sealed class ChampionAnnouncements(ControlPlaneStore store)
{
    public async Task AnnounceAsync(ChampionVersionRecord version, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(publisher);
        await publisher.Publish(await PromotedAsync(version, cancellationToken), cancellationToken);
        await MarkAnnouncedAsync(version, cancellationToken);
    }

    /// <summary>The event as its writer publishes it: a rollback names no run; a promotion its run and the decision's p.</summary>
    private async Task<ChampionPromoted> PromotedAsync(ChampionVersionRecord version, CancellationToken cancellationToken)
    {
        if (version.Restores is not null)
        {
            return new ChampionPromoted { Task = version.Task, ChampionVersion = version.Number, Prompt = version.Prompt, Outcome = "rolled-back" };
        }

        var submission = version.RunId is { } runId ? await store.GetSubmissionAsync(runId, cancellationToken) : null;
        var decision = submission is null ? null : await store.GetDecisionAsync(ChallengeDecider.DecisionId(submission), cancellationToken);
        return new ChampionPromoted
        {
            Task = version.Task, ChampionVersion = version.Number, Prompt = version.Prompt, RunId = version.RunId, Outcome = "promoted",
            PValue = decision?.PValue,
        };
    }

    private async Task MarkAnnouncedAsync(ChampionVersionRecord version, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var stored = await store.GetChampionVersionAsync(version.Task, version.Number, cancellationToken);
            if (stored is not { AnnouncementPending: true })
            {
                return; // announced by another delivery or the sweep
            }

            stored.AnnouncementPending = false;
            if (await store.TryUpdateChampionAsync(stored, cancellationToken))
            {
                return;
            }
        }
    }
}
