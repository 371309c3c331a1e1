namespace GpoPipeline.Trajectories;

/// <summary>How a promotion rewrites a task's champion; shared so both adapters keep history identically.</summary>
public static class ChampionHistory
{
    /// <summary>
    /// The document to store when <paramref name="next"/> replaces <paramref name="current"/>: history is kept by the
    /// store, oldest first, the replaced champion last (so a rollback takes the last entry). A History passed in
    /// <paramref name="next"/> is ignored: callers cannot rewrite the record of past promotions.
    /// </summary>
    public static ChampionRecord Promote(ChampionRecord? current, ChampionRecord next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new ChampionRecord
        {
            Task = next.Task,
            Prompt = next.Prompt,
            RunId = next.RunId,
            TestScore = next.TestScore,
            PromotedAt = next.PromotedAt,
            History = current is null ? [] : [.. current.History, WithoutHistory(current)],
        };
    }

    private static ChampionRecord WithoutHistory(ChampionRecord champion) => new()
    {
        Task = champion.Task,
        Prompt = champion.Prompt,
        RunId = champion.RunId,
        TestScore = champion.TestScore,
        PromotedAt = champion.PromotedAt,
    };
}
