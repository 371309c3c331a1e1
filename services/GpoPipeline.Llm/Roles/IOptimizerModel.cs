using Microsoft.Extensions.AI;

namespace GpoPipeline.Llm;

/// <summary>The model that writes candidate prompts from a meta-prompt (spec §1 step 3.5).</summary>
public interface IOptimizerModel
{
    /// <summary>Default number of candidates per step (Llm:Optimizer:CandidatesPerStep; spec §4: 8).</summary>
    int CandidatesPerStep { get; }

    /// <summary>
    /// Returns exactly <paramref name="count"/> completions, candidate i at index i. Each is cached per
    /// (run, step, i), so calling again for the same step replays them at no cost.
    /// </summary>
    Task<CandidateCompletions> GenerateAsync(string metaPrompt, int count, ModelCall context, CancellationToken cancellationToken);

    /// <summary>
    /// As above for a conversation (system, user and assistant turns: PE2's second step continues its first). Completion i
    /// is the call for candidate (<see cref="ModelCall.CandidateIndex"/> ?? 0) + i, so several requests of one step can
    /// take disjoint ranges; <see cref="ModelCall.Temperature"/> and <see cref="ModelCall.MaxOutputTokens"/> apply to each.
    /// </summary>
    Task<CandidateCompletions> GenerateAsync(IReadOnlyList<ChatMessage> turns, int count, ModelCall context, CancellationToken cancellationToken);
}
