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
}
