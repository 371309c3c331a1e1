using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>Everything a strategy reads at one step. Built by the generation worker; no I/O behind it.</summary>
public sealed record StepContext
{
    public required SearchState State { get; init; }

    /// <summary>1-based step number.</summary>
    public required int Step { get; init; }

    /// <summary>T, the planned number of steps (spec §1.2); the budget schedules decay over it.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>The task examples shown in the meta-prompt, fixed for the run (spec §1.1: 3 from the format split).</summary>
    public required IReadOnlyList<Example> FormatExamples { get; init; }

    /// <summary>The pool OPRO draws fresh exemplars from at every step (OPRO code: "random" selection); empty means <see cref="FormatExamples"/>.</summary>
    public IReadOnlyList<Example> ExamplePool { get; init; } = [];

    public PromptPosition Position { get; init; } = PromptPosition.QEnd;

    /// <summary>Training examples scored with each beam prompt (keyed by the exact prompt text), for methods whose <see cref="IOptimizerStrategy.MinibatchSize"/> is above 0.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<MinibatchExample>> Minibatch { get; init; } =
        new Dictionary<string, IReadOnlyList<MinibatchExample>>(StringComparer.Ordinal);

    /// <summary>Optional embeddings aligned with <see cref="SearchState.Path"/> for relevance retrieval; null uses lexical similarity.</summary>
    public IReadOnlyList<float[]>? Embeddings { get; init; }

    /// <summary>Run seed; strategies derive per-step draws from it, so a resumed step repeats its draws.</summary>
    public long Seed { get; init; }

    /// <summary>Candidates asked for per step; equal across methods so that call budgets match (spec §4: 8).</summary>
    public int CandidatesPerStep { get; init; } = 8;

    public IReadOnlyList<MinibatchExample> MinibatchFor(string prompt) =>
        Minibatch.TryGetValue(prompt, out var examples) ? examples : [];
}
