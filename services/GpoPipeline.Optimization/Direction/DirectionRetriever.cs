using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Direction;

/// <summary>Picks the trajectory entries that form the update direction (spec §1.3.2, §2).</summary>
public static class DirectionRetriever
{
    /// <param name="embeddings">Optional vectors aligned with <see cref="Trajectory.Entries"/>; without them
    /// relevance uses <see cref="LexicalSimilarity"/>.</param>
    public static UpdateDirection Retrieve(Trajectory trajectory, DirectionOptions options, IReadOnlyList<float[]>? embeddings = null)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        ArgumentNullException.ThrowIfNull(options);
        if (options.K < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.K, "Direction size k must be at least 1.");
        }

        var entries = options.Strategy switch
        {
            RetrievalStrategy.Relevance => Relevance(trajectory, options.K, embeddings),
            RetrievalStrategy.Recency => Recency(trajectory, options.K),
            RetrievalStrategy.Importance => Importance(trajectory, options.K),
            _ => [trajectory.Current],
        };
        if (options.Order == DirectionOrder.PaperAscending)
        {
            entries.Reverse();
        }

        return new UpdateDirection(options.Strategy, entries, trajectory.Current);
    }

    // Spec §2.3 [C]: current first, then the k−1 most similar earlier entries, descending.
    // Ties: the older entry first. Official relavance_selection.py lines 33/44 list the earlier entries
    // newest-first and line 24 ranks them with np.argsort(similarity[0])[::-1]; numpy's default argsort
    // (introsort) is an insertion sort, hence stable, for up to 16 entries, so the final reversal puts the
    // older of two tied entries first. Above 16 entries the official tie order is undefined (unstable
    // quicksort); we keep the small-n order for all n.
    private static List<TrajectoryEntry> Relevance(Trajectory t, int k, IReadOnlyList<float[]>? embeddings)
    {
        var earlier = Enumerable.Range(0, t.Count - 1).Reverse().ToList();
        var similarity = Similarities(t, earlier, embeddings);
        var ranked = earlier.Select((index, i) => (index, score: similarity[i]))
            .OrderByDescending(x => x.score).ThenBy(x => x.index)
            .Take(k - 1).Select(x => t.Entries[x.index]);
        return [t.Current, .. ranked];
    }

    private static double[] Similarities(Trajectory t, List<int> earlier, IReadOnlyList<float[]>? embeddings)
    {
        if (embeddings is null)
        {
            return LexicalSimilarity.Scores(t.Current.Prompt, earlier.Select(i => t.Entries[i].Prompt).ToList());
        }

        if (embeddings.Count != t.Count)
        {
            throw new ArgumentException(
                $"Got {embeddings.Count} embeddings for {t.Count} trajectory entries; they must be aligned one to one.", nameof(embeddings));
        }

        return earlier.Select(i => CosineSimilarity.Of(embeddings[^1], embeddings[i])).ToArray();
    }

    // Spec §2.3 [C]: the last k, newest first.
    private static List<TrajectoryEntry> Recency(Trajectory t, int k) =>
        t.Entries.Reverse().Take(k).ToList();

    // Spec §2.3 [C]: all of H by score, descending, top k; a stable sort keeps older entries first on ties.
    private static List<TrajectoryEntry> Importance(Trajectory t, int k) =>
        t.Entries.OrderByDescending(e => e.DevScore).Take(k).ToList();
}
