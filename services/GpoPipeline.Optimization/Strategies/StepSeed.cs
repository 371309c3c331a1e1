namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// Derives the seed of one random draw from the run seed, the step and a salt (which draw of the step), so a
/// resumed or replayed step makes the same draws without carrying random state between steps.
/// </summary>
public static class StepSeed
{
    public static long For(long runSeed, int step, int salt) =>
        unchecked((runSeed * 1_000_003L) + (step * 7_919L) + salt);
}
