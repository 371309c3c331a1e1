namespace GpoPipeline.PromptGeneration;

/// <summary>
/// The most optimizer work one DirectionRetrieved may ask for: what the scheduler can send, no more. Without these a
/// forged message with Candidates = 100,000 made 300,000 paid calls before the scheduler's reply check refused it.
/// The scheduler's own figures (pinned by GenerationChecks_Specs): RunSettingsParser.MaxCandidates,
/// UsageBounds.MaxGenerationCallsPerCandidate, RunSettingsParser.MaxSteps.
/// </summary>
public static class GenerationLimits
{
    /// <summary>Most candidates per step a run may ask for (the scheduler refuses a run asking for more).</summary>
    public const int MaxCandidates = 64;

    /// <summary>
    /// Optimizer calls per candidate slot of a step: a round is at most a reflection and a proposal per slot (ProTeGi),
    /// and a step takes at most 10 rounds (Scheduler:GenerationAttempts ≤ 10).
    /// </summary>
    public const int MaxCallsPerCandidate = 2 * 10;

    /// <summary>Most entries a run's trajectory holds: the seed prompt and one per step (at most 1,000 steps).</summary>
    public const int MaxTrajectoryEntries = 1_000 + 1;
}
