using GpoPipeline.Contracts;

namespace GpoPipeline.Testing;

/// <summary>One batch of a run's work: a ScoreBatch and the BatchScored that answers it share it.</summary>
public readonly record struct BatchKey(Guid RunId, int Step, string Split, int CandidateIndex, int BatchIndex)
{
    public static BatchKey Of(ScoreBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new(batch.RunId, batch.Step, batch.Split, batch.CandidateIndex, batch.BatchIndex);
    }
}
