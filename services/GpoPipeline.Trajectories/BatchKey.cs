namespace GpoPipeline.Trajectories;

/// <summary>
/// Which batch a recorded score is for, without the score: what the scheduler needs after every reply to know whether
/// a step is complete and what it still waits for (<see cref="IRunStore.GetBatchKeysAsync"/>); the scores themselves are
/// read once, when the step is complete.
/// </summary>
public readonly record struct BatchKey(int Step, string Split, int CandidateIndex, int BatchIndex)
{
    public static BatchKey Of(BatchScoreRecord score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new(score.Step, score.Split, score.CandidateIndex, score.BatchIndex);
    }
}
