using GpoPipeline.Contracts;
using GpoPipeline.Llm;

namespace GpoPipeline.PromptGeneration;

/// <summary>
/// The reply of a generation step, the same for GPO's path (<see cref="CandidateGenerator"/>) and the baseline
/// methods' (<see cref="StrategyGeneration"/>): the accepted candidates, the rejections, what the optimizer cost, and
/// the retrieval results passed through to the scheduler (which records them).
/// </summary>
internal static class GenerationReply
{
    public static ModelUsage Paid(CandidateCompletions replies) => new()
    {
        Calls = replies.Completions.Count(c => !c.Usage.CacheHit),
        InputTokens = replies.Completions.Sum(c => c.Usage.InputTokens),
        OutputTokens = replies.Completions.Sum(c => c.Usage.OutputTokens),
        Cost = replies.Completions.Sum(c => c.Usage.Cost),
        Attempts = replies.Completions.Where(c => !c.Usage.CacheHit).Sum(c => (long)c.Usage.Attempts),
    };

    public static CandidatesGenerated Of(DirectionRetrieved retrieved, IEnumerable<CandidatePrompt> candidates, List<string> rejections, ModelUsage usage) => new()
    {
        RunId = retrieved.RunId,
        Step = retrieved.Step,
        Candidates = [.. candidates],
        Rejections = rejections,
        Embeddings = retrieved.Embeddings,
        EmbeddingUsage = retrieved.EmbeddingUsage,
        Similarity = retrieved.Similarity,
        OptimizerUsage = usage,
        WorkToken = retrieved.WorkToken,
    };
}
