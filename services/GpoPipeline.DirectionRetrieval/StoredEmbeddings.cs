using GpoPipeline.Contracts;

namespace GpoPipeline.DirectionRetrieval;

/// <summary>
/// Which of a trajectory's stored vectors retrieval may use: only those of the model it embeds with now. A vector of
/// another model (the workers were redeployed with a new one) or of none (stored before the model was recorded) is
/// another vector space, so its prompt counts as missing: comparing across spaces throws on another length and ranks
/// at random on the same length.
/// </summary>
public static class StoredEmbeddings
{
    public static (Dictionary<string, float[]> Known, List<string> Missing) Split(IReadOnlyList<TrajectoryPoint> points, string? model)
    {
        ArgumentNullException.ThrowIfNull(points);
        var known = points
            .Where(p => p.Embedding is not null && model is not null && string.Equals(p.EmbeddingModel, model, StringComparison.Ordinal))
            .GroupBy(p => p.Prompt, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Embedding!, StringComparer.Ordinal);
        var missing = points.Select(p => p.Prompt).Where(p => !known.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToList();
        return (known, missing);
    }
}
