namespace GpoPipeline.Optimization.Strategies;

/// <summary>The two optimizer phases of a step; GPO, OPRO and APE use only <see cref="Propose"/>.</summary>
public enum RequestPhase
{
    /// <summary>Ask for a critique of a prompt (ProTeGi's gradient, PE2's step-1 reasoning).</summary>
    Reflect,

    /// <summary>Ask for new candidate prompts.</summary>
    Propose,
}
