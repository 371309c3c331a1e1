namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// Which batches of a step have a recorded score, kept in memory for the steps being scored. The scheduler asks after
/// every reply (<see cref="IRunStore.GetBatchKeysAsync"/>); answered by LiteDB, each answer read every score of the
/// step so far, so a step of n batches read ~n²/2 documents (14 % of the scheduler's allocations in P3, zero-cost model).
/// <para>
/// Exact, because the store file has one owner process (<see cref="StoreFileLock"/>) and scores are never deleted: a
/// step's set is read from the file once, under the lock, and a score is added only after the commit that stored it,
/// also under the lock. A score committed before the read is in what the read returns; one committed after it is added
/// by its writer. The last of two concurrent replies therefore sees both, as with the file. A write that fails may
/// still have committed (its flush failed): the step is then dropped from memory and read again. At most
/// <see cref="MaxSteps"/> steps are kept; a step dropped from memory is read from the file again when asked for.
/// </para>
/// </summary>
internal sealed class RecordedBatchIndex
{
    public const int MaxSteps = 256;

    private readonly Lock gate = new();
    private readonly BoundedMap<(Guid Run, int Step), StepBatches> steps = new(MaxSteps);

    /// <param name="read">Reads the step's recorded batches from the file (called under the lock, once per step kept).</param>
    public IReadOnlyList<BatchKey> Get(Guid runId, int step, Func<IReadOnlyList<BatchKey>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (gate)
        {
            if (!steps.TryGetValue((runId, step), out var batches))
            {
                batches = new StepBatches(read());
                steps.Set((runId, step), batches);
            }

            return batches.Snapshot;
        }
    }

    /// <summary>Call once the score's commit is on the disk.</summary>
    public void Recorded(BatchScoreRecord score)
    {
        ArgumentNullException.ThrowIfNull(score);
        lock (gate)
        {
            if (steps.TryGetValue((score.RunId, score.Step), out var batches))
            {
                batches.Add(BatchKey.Of(score));
            }
        }
    }

    /// <summary>Drops the step from memory (a write that may have stored one of its scores failed): the next ask reads the file.</summary>
    public void Forget(Guid runId, int step)
    {
        lock (gate)
        {
            steps.Remove((runId, step));
        }
    }

    private sealed class StepBatches(IReadOnlyList<BatchKey> stored)
    {
        private readonly HashSet<BatchKey> keys = [.. stored];

        /// <summary>Immutable: handed out as is and replaced when a score is added, so a read copies nothing.</summary>
        public BatchKey[] Snapshot { get; private set; } = [.. stored.Distinct()];

        public void Add(BatchKey key)
        {
            if (keys.Add(key))
            {
                Snapshot = [.. Snapshot, key];
            }
        }
    }
}
