namespace GpoPipeline.Contracts;

/// <summary>What a step of a run does (spec §1): score the initial prompt, optimize, or evaluate on test.</summary>
public enum StepKind
{
    /// <summary>Step 0: the initial prompt scored on dev (spec §1.1).</summary>
    Baseline,

    /// <summary>Steps 1..T: retrieve, generate, score, select (spec §1.3).</summary>
    Optimize,

    /// <summary>After step T: the initial and the best-dev prompt scored on test (spec §9).</summary>
    Test,
}
