namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>
/// What a policy threshold's number means, said wherever it is read or written (the request, the task answer, the
/// OpenAPI document): thresholds are score points (0–100), while every score the API answers with is 0–1. Stored
/// policies keep meaning what their users set.
/// </summary>
public static class TaskPolicyUnits
{
    public const string MinimumEffect =
        "Smallest improvement worth a promotion, in score points (0–100; default 1 = a 0.01 rise of a 0–1 score).";

    public const string ScoreDropThreshold =
        "Re-optimize when a score check finds the champion more than this many score points (0–100; 5 = a 0.05 fall of a 0–1 score) below its recorded score; null: off.";
}
