namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The batch score keys of the steps the write queue records scores for, so that the check before each insert (a
/// batch recorded before is refused) is answered from memory: a <c>FindById</c> through LiteDB's query pipeline per
/// scorer reply was ~9 % of what the zero-cost P3 pipeline allocated (dotnet-trace, gc-verbose). A step's keys are read
/// from the file once, on the queue's thread inside its transaction (which sees the transaction's own inserts), and
/// every insert adds its key. Only the queue's thread uses it (every score insert goes through the queue), and the
/// queue drops it whenever a write may not be what the file holds (a rolled-back batch, a failed write or flush), as
/// it drops the usage documents it keeps. At most <see cref="MaxSteps"/> steps are kept; a step dropped is read again.
/// </summary>
internal sealed class WrittenScoreKeys(StringComparer keyComparer)
{
    public const int MaxSteps = 256;

    private BoundedMap<(Guid Run, int Step), HashSet<string>> steps = new(MaxSteps);

    /// <summary>Adds <paramref name="key"/> to its step's keys.</summary>
    /// <param name="readStep">The step's score keys as the file (and the open transaction) holds them.</param>
    /// <returns>False when the key is recorded already (nothing added).</returns>
    public bool TryAdd(Guid runId, int step, string key, Func<IEnumerable<string>> readStep)
    {
        ArgumentNullException.ThrowIfNull(readStep);
        if (!steps.TryGetValue((runId, step), out var recorded))
        {
            recorded = new HashSet<string>(readStep(), keyComparer);
            steps.Set((runId, step), recorded);
        }

        return recorded.Add(key);
    }

    public void Clear() => steps = new(MaxSteps);
}
