namespace GpoPipeline.Trajectories;

/// <summary>
/// The run store: the one place pipeline state lives (DESIGN §2–3). Every operation is safe under
/// at-least-once delivery: runs change only by compare-and-set on <see cref="RunRecord.Version"/>,
/// batch scores are unique per (run, step, candidate, batch, split), usage is added atomically.
/// </summary>
public interface IRunStore
{
    /// <summary>Stores a new run (Version becomes 1). False when a run with that id already exists.</summary>
    Task<bool> TryCreateRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    Task<RunRecord?> GetRunAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>Newest first, whatever their status (what `gpo runs` shows); not the way to find the runs in one status.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit = 50, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of the runs in <paramref name="status"/> (read through an index on the status): at most
    /// <paramref name="limit"/>, in the order the store keeps their ids, starting after the run
    /// <paramref name="afterId"/> (null: from the first). Passing the last id of a page reads the next one, so a caller
    /// reaches every run in that status however many runs of other statuses, or newer ones, the store holds (the
    /// stalled-run watchdog re-drives every Running run this way). A page shorter than the limit is the last.
    /// </summary>
    Task<IReadOnlyList<RunRecord>> ListRunsByStatusAsync(RunStatus status, int limit, Guid? afterId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The ids of every run in <paramref name="status"/>, in no particular order, read through the status index without
    /// the runs themselves: what `GET /v1/runs?status=` needs to find a page of runs in a status, reading only that page's runs.
    /// </summary>
    Task<IReadOnlyList<Guid>> ListRunIdsInStatusAsync(RunStatus status, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every stored run's id, in no particular order, without reading the runs themselves (their trajectories): what
    /// `gpo runs` needs to cut ids short and `gpo show 1a2b` to find the run a prefix names, in a store of any size.
    /// </summary>
    async Task<IReadOnlyList<Guid>> ListRunIdsAsync(CancellationToken cancellationToken = default) =>
        [.. (await ListRunsAsync(int.MaxValue, cancellationToken)).Select(run => run.Id)];

    /// <summary>
    /// Replaces the run when the stored Version still equals <paramref name="run"/>.Version; on success the
    /// stored (and the passed) Version is incremented. False when someone else changed the run first.
    /// </summary>
    Task<bool> TryUpdateRunAsync(RunRecord run, CancellationToken cancellationToken = default);

    /// <summary>Records one scored batch. False (and nothing changes) when that batch was recorded before.</summary>
    Task<bool> TryRecordBatchScoreAsync(BatchScoreRecord score, CancellationToken cancellationToken = default);

    /// <summary>All batch scores of one step of a run (any split).</summary>
    Task<IReadOnlyList<BatchScoreRecord>> GetBatchScoresAsync(Guid runId, int step, CancellationToken cancellationToken = default);

    /// <summary>Which batches of one step of a run have a recorded score (any split): <see cref="GetBatchScoresAsync"/>
    /// without the scores, read after every reply.</summary>
    Task<IReadOnlyList<BatchKey>> GetBatchKeysAsync(Guid runId, int step, CancellationToken cancellationToken = default);

    /// <summary>Adds calls/tokens/cost to the (run, step, role) usage counters atomically.</summary>
    Task AddUsageAsync(UsageRecord delta, CancellationToken cancellationToken = default);

    /// <summary>
    /// <see cref="AddUsageAsync"/> once per <paramref name="chargeId"/>: the same charge written again (a message
    /// redelivered after a crash between the write that decided the charge and this one) changes nothing. True when
    /// this call added it. The counters remember their last <see cref="RememberedCharges"/> charge ids.
    /// </summary>
    Task<bool> AddUsageOnceAsync(UsageRecord delta, Guid chargeId, CancellationToken cancellationToken = default);

    /// <summary>How many charge ids one (run, step, role) counter remembers (<see cref="AddUsageOnceAsync"/>).</summary>
    const int RememberedCharges = 256;

    /// <summary>Usage counters of a run, one record per (step, role).</summary>
    Task<IReadOnlyList<UsageRecord>> GetUsageAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>Response cache shared by all workers of a deployment (keys are opaque hashes).</summary>
    Task<byte[]?> GetCachedResponseAsync(string key, CancellationToken cancellationToken = default);

    Task SetCachedResponseAsync(string key, byte[] value, CancellationToken cancellationToken = default);

    Task RemoveCachedResponseAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Memoized example results by key; keys without a result are absent from the answer.</summary>
    Task<IReadOnlyDictionary<string, ExampleResultRecord>> GetExampleResultsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Stores the results whose key is new; returns the keys that were new (a key is recorded once, first writer wins).</summary>
    Task<IReadOnlySet<string>> TryRecordExampleResultsAsync(IReadOnlyList<ExampleResultRecord> results, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records one scorer reply: the results whose key is new, their usage added to the (run, step, role) counters,
    /// and the batch score assembled from the memo when every example of the batch has a result (a batch recorded
    /// before is left as it is). Each part keeps the guarantee of its own method above; a store that can do all in
    /// one transaction should (the embedded store does: one commit per reply instead of three). With a
    /// <see cref="ScoredBatch.ReplyId"/> the charge does not depend on which answers were new, so a reply recorded
    /// again after a crash between the parts completes what is missing and is charged once.
    /// </summary>
    async Task<ScoredBatchOutcome> RecordScoredBatchAsync(ScoredBatch reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var added = await TryRecordExampleResultsAsync(reply.Results, cancellationToken);
        var charge = reply.Charge(added);
        if (!ScoredBatch.IsEmpty(charge) && reply.ReplyId == Guid.Empty)
        {
            await AddUsageAsync(charge, cancellationToken); // a crash before this line leaves the new answers uncharged
        }
        else if (!ScoredBatch.IsEmpty(charge))
        {
            await AddUsageOnceAsync(charge, reply.ReplyId, cancellationToken); // recorded again after a crash: charged once
        }

        // When this reply's answers were all new they are the memo for the batch; otherwise read what was kept first.
        var memo = added.Count == reply.Keys.Count
            ? reply.Results.ToDictionary(r => r.Key, StringComparer.Ordinal)
            : await GetExampleResultsAsync(reply.Keys, cancellationToken);
        var batch = reply.Assemble(key => memo.GetValueOrDefault(key));
        return new ScoredBatchOutcome(added, batch is not null && await TryRecordBatchScoreAsync(batch, cancellationToken));
    }

    /// <summary>Stores a content-addressed blob (a dataset split) under its SHA-256; storing it again changes nothing.</summary>
    Task StoreContentAsync(string sha256, byte[] content, CancellationToken cancellationToken = default);

    /// <summary>The blob stored under <paramref name="sha256"/>, or null.</summary>
    Task<byte[]?> GetContentAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>The production prompt of a task (DESIGN §6), or null when none was promoted.</summary>
    Task<ChampionRecord?> GetChampionAsync(string task, CancellationToken cancellationToken = default);

    /// <summary>Promotes a champion; the previous one is kept in its history.</summary>
    Task SetChampionAsync(ChampionRecord champion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps a CancelRun whose run does not exist yet for the StartRun that will create it: StartRun and CancelRun travel
    /// in two queues, so a scheduler may take the cancel first, and with scheduler replicas the two may reach two
    /// processes (<see cref="TakeEarlyCancelAsync"/>). A second cancel of the same run keeps the first. A kept cancel
    /// older than <see cref="EarlyCancelLifetime"/> is no longer taken and may be dropped; a store keeps at most
    /// <see cref="EarlyCancelCapacity"/>, dropping the oldest (cancels of runs that never come cost nothing lasting).
    /// </summary>
    Task RememberEarlyCancelAsync(Guid runId, string reason, DateTime at, CancellationToken cancellationToken = default);

    /// <summary>The reason of the cancel kept for <paramref name="runId"/>, removed as it is read; null when none is kept,
    /// or it was kept before <paramref name="notBefore"/>.</summary>
    Task<string?> TakeEarlyCancelAsync(Guid runId, DateTime notBefore, CancellationToken cancellationToken = default);

    /// <summary>How long a cancel waits for its run (<see cref="RememberEarlyCancelAsync"/>).</summary>
    static readonly TimeSpan EarlyCancelLifetime = TimeSpan.FromHours(1);

    /// <summary>How many kept cancels a store holds (<see cref="RememberEarlyCancelAsync"/>).</summary>
    const int EarlyCancelCapacity = 1024;
}
