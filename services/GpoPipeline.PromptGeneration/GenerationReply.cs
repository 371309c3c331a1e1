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
    /// <summary>The generation's unit in the message's <see cref="DeliveryTally"/>: its optimizer usage is one sum.</summary>
    public const string Unit = "optimizer";

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
