namespace GpoPipeline.ServiceDefaults;

/// <summary>The value of <see cref="GpoAttributes.Phase"/>: what a step is for (spec §1.3: step 0 scores the initial prompt, T+1 is the test evaluation).</summary>
public static class StepPhase
{
    public const string Baseline = "baseline";
    public const string Optimize = "optimize";
    public const string Test = "test";

    public static string Of(int step, int totalSteps) =>
        step == 0 ? Baseline : step > totalSteps ? Test : Optimize;
}
