using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Api.Triggers;
using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.ControlPlane.Embedded;

namespace GpoPipeline.Api.Tests;

/// <summary>The score a champion is checked against, read from an embedded store: its held-out score, else the first recorded for its version.</summary>
public sealed class ChampionReferenceScore_Specs : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("gpo-reference-score-").FullName;
    private LiteDbControlPlaneDatabase embedded = null!;
    private CountedDocuments database = null!;
    private ControlPlaneStore store = null!;

    public Task InitializeAsync()
    {
        embedded = new LiteDbControlPlaneDatabase(Path.Combine(folder, "cp.db"));
        database = new CountedDocuments(embedded);
        store = new ControlPlaneStore(database);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        embedded.Dispose();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task When_a_run_promoted_the_champion_Should_check_against_its_held_out_score_without_reading_decisions()
    {
        await RecordAsync(Decision(2, 50, 1));
        database.Reset();

        Assert.Equal(77, await ChampionReferenceScore.OfAsync(store, new ChampionVersionRecord { Task = "nav", Number = 2, HeldOutScore = 77 }, CancellationToken.None));
        Assert.Equal(0, database.ReadFrom("cp_decisions"));
    }

    [Fact]
    public async Task When_the_champion_was_only_scored_by_checks_Should_check_against_its_first_score_not_the_latest()
    {
        await RecordAsync(Decision(1, 70, 2), Decision(1, 80, 1), Decision(2, 10, 0), new() { Id = "unscored", Task = "nav", ChampionVersion = 1, DecidedAt = At(0) });

        Assert.Equal(80, await ChampionReferenceScore.OfAsync(store, new ChampionVersionRecord { Task = "nav", Number = 1 }, CancellationToken.None));
        Assert.Null(await ChampionReferenceScore.OfAsync(store, new ChampionVersionRecord { Task = "nav", Number = 3 }, CancellationToken.None));
    }

    private async Task RecordAsync(params DecisionRecord[] decisions)
    {
        foreach (var decision in decisions)
        {
            Assert.True(await store.TryAddDecisionAsync(decision));
        }
    }

    private static DecisionRecord Decision(int version, double score, int minute) =>
        new() { Id = $"v{version}/{minute}", Task = "nav", Outcome = "score-checked", ChampionVersion = version, ChampionScore = score, DecidedAt = At(minute) };

    private static DateTime At(int minute) => new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc).AddMinutes(minute);
}
