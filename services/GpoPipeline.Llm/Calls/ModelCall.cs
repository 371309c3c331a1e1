namespace GpoPipeline.Llm;

/// <summary>
/// Who a model call is for. Drives the cache key of sampled calls, the seed, accounting, the budget and
/// the span attributes <c>gpo.run.id</c> / <c>gpo.step</c>.
/// </summary>
/// <param name="Purpose">Short label for metrics and spans, e.g. "score", "generate", "embed".</param>
public sealed record ModelCall(Guid RunId, int Step, int? CandidateIndex = null, string Purpose = "call")
{
    /// <summary>The run's limits; null means unlimited.</summary>
    public RunBudget? Budget { get; init; }

    /// <summary>
    /// The run's sampling seed (RunSettings.Seed). When set, the OpenAI <c>seed</c> derives from it instead of the
    /// run id, so two runs with the same seed and configuration sample the same candidates (reproducible runs).
    /// </summary>
    public long? SamplingSeed { get; init; }

    /// <summary>Overrides the role's Llm:&lt;role&gt;:MaxOutputTokens for this call (the 100-token second answer round, issue 15 point 5).</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>
    /// Overrides the role's Llm:&lt;role&gt;:Temperature for this call: a baseline's own sampling (ProTeGi 0.7, PE2's
    /// reasoning at 0; docs/baselines.md). Null keeps the configured one.
    /// </summary>
    public double? Temperature { get; init; }

    /// <summary>
    /// For an embedding call: the vector length the caller expects of the model. A cached vector of another length is
    /// of the model's former output under the same name (its endpoint's <c>dimensions</c> setting changed, or another
    /// model was deployed under it), since the cache is keyed by the model's name: it is embedded again, and the new
    /// vector replaces it in the cache. Null takes any cached vector.
    /// </summary>
    public int? ExpectedDimensions { get; init; }

    public ModelCall ForCandidate(int candidateIndex) => this with { CandidateIndex = candidateIndex };
}
