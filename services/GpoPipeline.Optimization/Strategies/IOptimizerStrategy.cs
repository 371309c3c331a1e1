using GpoPipeline.Optimization.Selection;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// One prompt optimizer as the generation worker drives it, step by step:
/// <list type="number">
/// <item>if <see cref="MinibatchSize"/> &gt; 0, score every prompt of the beam on that many training examples and put the results in <see cref="StepContext.Minibatch"/>;</item>
/// <item>send <see cref="Reflect"/>'s requests (often none) and collect their replies;</item>
/// <item>send <see cref="Propose"/>'s requests, given those replies;</item>
/// <item>turn the replies into prompts with <see cref="Candidates"/> and score each on dev;</item>
/// <item>call <see cref="Advance"/> with the scores to get the next state.</item>
/// </list>
/// Pure: no I/O, no clock; randomness comes from <see cref="StepContext.Seed"/>.
/// </summary>
public interface IOptimizerStrategy
{
    StrategyInfo Info { get; }

    /// <summary>Training examples per beam prompt to score before <see cref="Reflect"/>; 0 when the method reads no errors.</summary>
    int MinibatchSize { get; }

    /// <summary>The most optimizer calls one step makes (Reflect, then one round of Propose) for a beam of that size.</summary>
    int MaxCallsPerStep(int beamSize, int candidatesPerStep);

    /// <summary>The most prompts <see cref="SearchState.Beam"/> holds (ProTeGi: 4; 1 for the others).</summary>
    int BeamWidth { get; }

    /// <summary>The word budget of this step, or null when the schedule is "none" (spec §3.2).</summary>
    int? EditBudget(StepContext context);

    IReadOnlyList<OptimizerRequest> Reflect(StepContext context);

    IReadOnlyList<OptimizerRequest> Propose(StepContext context, IReadOnlyList<OptimizerReply> reflections);

    /// <summary>The new prompts in the replies: cleaned, without ones scored before or repeated, at most <see cref="StepContext.CandidatesPerStep"/>.</summary>
    IReadOnlyList<StrategyCandidate> Candidates(StepContext context, IReadOnlyList<OptimizerReply> proposals);

    SearchState Advance(SearchState state, IReadOnlyList<ScoredCandidate> scored, int step);
}
