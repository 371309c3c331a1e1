using GpoPipeline.Contracts;

namespace GpoPipeline.DirectionRetrieval;

/// <summary>
/// Which of a trajectory's stored vectors retrieval may use: only those of the model it embeds with now, and of that
/// model's current output dimension. A vector's identity is (model name, dimension): a vector of another model (the
/// workers were redeployed with a new one), of none (stored before the model was recorded), or of the same name and
/// another length (the endpoint's <c>dimensions</c> setting changed, or another model was deployed under the name) is
/// another vector space, so its prompt counts as missing: comparing across spaces throws on another length and ranks
/// at random on the same length.
/// </summary>
public static class StoredEmbeddings
{
    /// <param name="points">The trajectory; a prompt text that appears twice is one prompt (one vector serves both).</param>
    /// <param name="model">The model retrieval embeds with now.</param>
    public static StoredVectors Split(IReadOnlyList<TrajectoryPoint> points, string? model)
    {
        ArgumentNullException.ThrowIfNull(points);
        // The model's output dimension is known only once it answers: until then the newest stored vector of the model
        // is the best guess (the scheduler guesses alike when it reserves the call, EmbeddingReservation). A call that
        // answers another length shows the guess stale (DirectionService).
        var dimensions = model is null ? null : points.LastOrDefault(p => p.Embedding is not null && OfModel(p, model))?.Embedding!.Length;
        var known = points
            .Where(p => p.Embedding is { } vector && model is not null && OfModel(p, model) && vector.Length == dimensions)
            .GroupBy(p => p.Prompt, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Embedding!, StringComparer.Ordinal);
        var missing = points.Select(p => p.Prompt).Where(p => !known.ContainsKey(p)).Distinct(StringComparer.Ordinal).ToList();
        return new StoredVectors(known, missing, dimensions);
    }

    private static bool OfModel(TrajectoryPoint point, string model) => string.Equals(point.EmbeddingModel, model, StringComparison.Ordinal);
}
