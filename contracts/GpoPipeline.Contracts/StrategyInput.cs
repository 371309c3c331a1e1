namespace GpoPipeline.Contracts;

/// <summary>
/// What a non-GPO method (docs/baselines.md) needs at one step besides the GPO inputs: its catalog name and the
/// search state the scheduler replayed from the run's scored steps. The generation worker stays stateless: this
/// message is everything it reads. Null on a <see cref="GenerationRequest"/> means the GPO path.
/// </summary>
public sealed record StrategyInput
{
    /// <summary>A <c>StrategyCatalog</c> name, e.g. "opro" or "ape".</summary>
    public required string Method { get; init; }

    /// <summary>T, the planned number of steps.</summary>
    public required int TotalSteps { get; init; }

    /// <summary>Every prompt scored so far (OPRO's trajectory), in the order scored.</summary>
    public required IReadOnlyList<TrajectoryPoint> Evaluated { get; init; }

    /// <summary>The prompts the search picked, one per change of its best (the strategy's path).</summary>
    public required IReadOnlyList<TrajectoryPoint> Path { get; init; }

    /// <summary>What this step refines (the best so far for APE and OPRO).</summary>
    public required IReadOnlyList<TrajectoryPoint> Beam { get; init; }

    /// <summary>Examples a method draws from afresh at every step (OPRO's exemplars); empty uses the format examples.</summary>
    public IReadOnlyList<ExampleData> ExamplePool { get; init; } = [];

    /// <summary>
    /// For a method that reads errors (ProTeGi, PE2, the GPO code's APO): every beam prompt with its answers on the
    /// step's training minibatch, scored by the scorers before this request was sent. Empty for the others.
    /// </summary>
    public IReadOnlyList<MinibatchResults> Minibatch { get; init; } = [];
}
