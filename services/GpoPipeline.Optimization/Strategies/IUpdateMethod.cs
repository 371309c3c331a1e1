using GpoPipeline.Optimization.Direction;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// The update method (spec §3): how the optimizer model is asked, given one direction per beam prompt and
/// the word budget, and how its replies are read.
/// </summary>
public interface IUpdateMethod
{
    int MinibatchSize { get; }

    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The most <see cref="Reflect"/> calls of one step for a beam of that size, so that the scheduler can reserve them.</summary>
    int MaxReflectCalls(int beamSize, int candidatesPerStep) => 0;

    /// <summary>The most <see cref="Propose"/> calls of one round: one sample per candidate slot unless a call asks for several prompts.</summary>
    int MaxProposeCalls(int beamSize, int candidatesPerStep) => candidatesPerStep;

    IReadOnlyList<OptimizerRequest> Reflect(StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget);

    IReadOnlyList<OptimizerRequest> Propose(
        StepContext context, IReadOnlyList<UpdateDirection> directions, int? editBudget, IReadOnlyList<OptimizerReply> reflections);

    /// <summary>The prompts in one Propose reply, cleaned; none when the reply is unusable.</summary>
    IReadOnlyList<string> Parse(OptimizerReply reply);
}
