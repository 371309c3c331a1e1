using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>
/// Which work token a reply to a step must carry. What the step sends before its candidates exist (its training
/// minibatch, its generation request) goes out with the token it was opened with (<see cref="StepRecord.OpeningWorkToken"/>);
/// its candidates' scoring with the one issued when they were recorded (<see cref="StepRecord.WorkToken"/>). Each reply is
/// checked against the token of its own work, so a genuine minibatch or generation reply arriving after the candidates
/// is still the run's paid work. An empty token is none: every sender copies it from work the scheduler sent.
/// </summary>
public static class StepWorkTokens
{
    /// <summary>Whether <paramref name="reply"/> carries the token of the work it answers: the minibatch's or the candidates'.</summary>
    public static bool Carries(StepRecord step, BatchScored reply)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(reply);
        return string.Equals(reply.Split, StepSplits.Minibatch, StringComparison.Ordinal)
            ? IsOpening(step, reply.WorkToken)
            : reply.WorkToken != Guid.Empty && reply.WorkToken == step.WorkToken;
    }

    /// <summary>Whether <paramref name="reply"/> carries the token of the step's generation request.</summary>
    public static bool Carries(StepRecord step, CandidatesGenerated reply)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(reply);
        return IsOpening(step, reply.WorkToken);
    }

    // Before its candidates the step's WorkToken is the one its open work went out with: the only token of a step stored
    // before OpeningWorkToken existed, and the one a resumed failed step generates afresh with.
    private static bool IsOpening(StepRecord step, Guid token) =>
        token != Guid.Empty
        && (token == step.OpeningWorkToken || (step.Status is StepStatus.ScoringMinibatch or StepStatus.Generating && token == step.WorkToken));
}
