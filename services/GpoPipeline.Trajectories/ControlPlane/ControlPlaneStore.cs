namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>
/// The control plane's state (issue 12): tasks, immutable dataset versions, champions with their decisions,
/// submitted runs, API keys and schedule ticks. Written once over <see cref="IControlPlaneDatabase"/>, so the
/// embedded and MongoDB adapters follow the same rules; every write is insert-if-absent or compare-and-set.
/// </summary>
public sealed class ControlPlaneStore(IControlPlaneDatabase database)
{
    private readonly IDocumentSet<TaskRecord> tasks = database.Collection<TaskRecord>("cp_tasks");
    private readonly IDocumentSet<DatasetVersionRecord> datasets = database.Collection<DatasetVersionRecord>("cp_datasets");
    private readonly IDocumentSet<ChampionVersionRecord> champions = database.Collection<ChampionVersionRecord>(
        "cp_champions",
        new DocumentIndex<ChampionVersionRecord>("task_then_number", c => c.Task, c => c.Number),
        new DocumentIndex<ChampionVersionRecord>("announcement_pending", c => c.AnnouncementPending)); // the few not yet announced
    private readonly IDocumentSet<DecisionRecord> decisions = database.Collection<DecisionRecord>(
        "cp_decisions",
        new DocumentIndex<DecisionRecord>("task_then_decided", d => d.Task, d => d.DecidedAt),
        new DocumentIndex<DecisionRecord>("task_then_champion_then_decided", d => d.Task, d => d.ChampionVersion, d => d.DecidedAt));
    private readonly IDocumentSet<SubmissionRecord> submissions = database.Collection<SubmissionRecord>(
        "cp_submissions",
        new DocumentIndex<SubmissionRecord>("task_then_submitted", s => s.Task, s => s.SubmittedAt),
        new DocumentIndex<SubmissionRecord>("submitted", s => s.SubmittedAt)); // a page of every task's runs
    private readonly IDocumentSet<ApiKeyRecord> keys = database.Collection<ApiKeyRecord>("cp_keys");
    private readonly IDocumentSet<TickClaimRecord> ticks = database.Collection<TickClaimRecord>("cp_ticks");
    private readonly IDocumentSet<ServedCountRecord> served = database.Collection<ServedCountRecord>(
        "cp_served", new DocumentIndex<ServedCountRecord>("task_then_version", s => s.Task, s => s.ChampionVersion));

    public Task<bool> TryCreateTaskAsync(TaskRecord task, CancellationToken cancellationToken = default) => tasks.TryInsertAsync(Checked(task), cancellationToken);

    public Task<TaskRecord?> GetTaskAsync(string name, CancellationToken cancellationToken = default) => tasks.GetAsync(name, cancellationToken);

    public async Task<IReadOnlyList<TaskRecord>> ListTasksAsync(CancellationToken cancellationToken = default) =>
        (await tasks.FindAsync(_ => true, cancellationToken)).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();

    /// <summary>Compare-and-set on <see cref="TaskRecord.Version"/>; false when another writer changed the task first.</summary>
    public Task<bool> TryUpdateTaskAsync(TaskRecord task, CancellationToken cancellationToken = default) => tasks.TryReplaceAsync(Checked(task), cancellationToken);

    /// <summary>Stores a new immutable version; false when that number exists (a concurrent append won).</summary>
    public Task<bool> TryAddDatasetVersionAsync(DatasetVersionRecord version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        version.Id = DatasetVersionRecord.KeyOf(version.Task, version.Number);
        return datasets.TryInsertAsync(version, cancellationToken);
    }

    /// <summary>Compare-and-set on <see cref="DatasetVersionRecord.Version"/>: only its <see cref="DatasetVersionRecord.Announced"/> mark changes.</summary>
    public Task<bool> TryUpdateDatasetVersionAsync(DatasetVersionRecord version, CancellationToken cancellationToken = default) =>
        datasets.TryReplaceAsync(version, cancellationToken);

    public Task<DatasetVersionRecord?> GetDatasetVersionAsync(string task, int number, CancellationToken cancellationToken = default) =>
        datasets.GetAsync(DatasetVersionRecord.KeyOf(task, number), cancellationToken);

    /// <summary>Adds the next champion version; false when that number exists (a concurrent promotion or rollback won).</summary>
    public Task<bool> TryAddChampionAsync(ChampionVersionRecord champion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(champion);
        champion.Id = ChampionVersionRecord.KeyOf(champion.Task, champion.Number);
        return champions.TryInsertAsync(champion, cancellationToken);
    }

    /// <summary>Every champion version of a task, oldest first; the last is the champion in force. The whole history: a
    /// request reads <see cref="ListNewestChampionsAsync"/>, <see cref="GetChampionAsync"/> or <see cref="GetChampionVersionAsync"/>.</summary>
    public async Task<IReadOnlyList<ChampionVersionRecord>> ListChampionsAsync(string task, CancellationToken cancellationToken = default) =>
        (await champions.FindAsync(c => c.Task == task, cancellationToken)).OrderBy(c => c.Number).ToList();

    /// <summary>The newest <paramref name="limit"/> champion versions of a task, oldest first; the last is the champion in force.</summary>
    public async Task<IReadOnlyList<ChampionVersionRecord>> ListNewestChampionsAsync(string task, int limit, CancellationToken cancellationToken = default) =>
        (await champions.FindHighestAsync(c => c.Task == task, c => c.Number, skip: 0, limit, cancellationToken)).OrderBy(c => c.Number).ToList();

    /// <summary>The champion in force: the task's highest version, read alone.</summary>
    public async Task<ChampionVersionRecord?> GetChampionAsync(string task, CancellationToken cancellationToken = default) =>
        await champions.FindHighestAsync(c => c.Task == task, c => c.Number, skip: 0, 1, cancellationToken) is [var current] ? current : null;

    /// <summary>Version <paramref name="number"/> of the task's champion, read alone; null when there is none.</summary>
    public Task<ChampionVersionRecord?> GetChampionVersionAsync(string task, int number, CancellationToken cancellationToken = default) =>
        champions.GetAsync(ChampionVersionRecord.KeyOf(task, number), cancellationToken);

    /// <summary>Compare-and-set on <see cref="ChampionVersionRecord.Version"/>: only its <see cref="ChampionVersionRecord.AnnouncementPending"/> mark changes.</summary>
    public Task<bool> TryUpdateChampionAsync(ChampionVersionRecord champion, CancellationToken cancellationToken = default) =>
        champions.TryReplaceAsync(champion, cancellationToken);

    /// <summary>Every task's champion versions whose ChampionPromoted may not have left (<see cref="ChampionVersionRecord.AnnouncementPending"/>).</summary>
    public Task<IReadOnlyList<ChampionVersionRecord>> ListUnannouncedChampionsAsync(CancellationToken cancellationToken = default) =>
        champions.FindAsync(c => c.AnnouncementPending, cancellationToken);

    /// <summary>False when a decision with that Id was recorded before (a redelivered RunCompleted).</summary>
    public Task<bool> TryAddDecisionAsync(DecisionRecord decision, CancellationToken cancellationToken = default) =>
        decisions.TryInsertAsync(Checked(decision), cancellationToken);

    public Task<DecisionRecord?> GetDecisionAsync(string id, CancellationToken cancellationToken = default) => decisions.GetAsync(id, cancellationToken);

    /// <summary>Oldest first. The whole history: a request reads <see cref="ListNewestDecisionsAsync"/> or <see cref="GetFirstScoredDecisionAsync"/>.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> ListDecisionsAsync(string task, CancellationToken cancellationToken = default) =>
        Ordered(await decisions.FindAsync(d => d.Task == task, cancellationToken));

    /// <summary>The newest <paramref name="limit"/> decisions of a task, oldest first.</summary>
    public async Task<IReadOnlyList<DecisionRecord>> ListNewestDecisionsAsync(string task, int limit, CancellationToken cancellationToken = default) =>
        Ordered(await decisions.FindHighestAsync(d => d.Task == task, d => d.DecidedAt, skip: 0, limit, cancellationToken));

    /// <summary>
    /// The first decision (in <see cref="ListDecisionsAsync"/>'s order) that recorded a score for the task's champion
    /// <paramref name="championVersion"/>, read without the rest of the history; null when none did.
    /// </summary>
    public async Task<DecisionRecord?> GetFirstScoredDecisionAsync(string task, int championVersion, CancellationToken cancellationToken = default)
    {
        var first = await decisions.FindLowestAsync(
            d => d.Task == task && d.ChampionVersion == championVersion && d.ChampionScore != null, d => d.DecidedAt, 2, cancellationToken);
        if (first is [var earliest, var next] && next.DecidedAt == earliest.DecidedAt)
        {
            // Decided at one instant: the store's order between them is arbitrary, the history's is by id; read them all.
            var at = earliest.DecidedAt;
            first = await decisions.FindAsync(
                d => d.Task == task && d.ChampionVersion == championVersion && d.ChampionScore != null && d.DecidedAt == at, cancellationToken);
        }

        return Ordered(first).FirstOrDefault();
    }

    private static List<DecisionRecord> Ordered(IEnumerable<DecisionRecord> found) =>
        found.OrderBy(d => d.DecidedAt).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();

    public Task<bool> TryAddSubmissionAsync(SubmissionRecord submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        submission.Id = submission.RunId.ToString("N");
        return submissions.TryInsertAsync(submission, cancellationToken);
    }

    /// <summary>Compare-and-set on <see cref="SubmissionRecord.Version"/> (marks a submission whose run never started).</summary>
    public Task<bool> TryUpdateSubmissionAsync(SubmissionRecord submission, CancellationToken cancellationToken = default) =>
        submissions.TryReplaceAsync(submission, cancellationToken);

    public Task<SubmissionRecord?> GetSubmissionAsync(Guid runId, CancellationToken cancellationToken = default) =>
        submissions.GetAsync(runId.ToString("N"), cancellationToken);

    /// <summary>Newest first (<see cref="SubmissionPage.NewestFirst"/>); all tasks when <paramref name="task"/> is null. Every one: a page is <see cref="ListSubmissionsPageAsync"/>.</summary>
    public async Task<IReadOnlyList<SubmissionRecord>> ListSubmissionsAsync(string? task, CancellationToken cancellationToken = default)
    {
        var found = task is null
            ? await submissions.FindAsync(_ => true, cancellationToken)
            : await submissions.FindAsync(s => s.Task == task, cancellationToken);
        return SubmissionPage.NewestFirst(found);
    }

    /// <summary>
    /// The <paramref name="limit"/> submissions from <paramref name="offset"/> on of <see cref="ListSubmissionsAsync"/>'s
    /// list (the same order), and how many it holds, reading only that page and the submissions of its edges' instants.
    /// </summary>
    public Task<SubmissionPage> ListSubmissionsPageAsync(string? task, long offset, int limit, CancellationToken cancellationToken = default) =>
        SubmissionPage.ReadAsync(submissions, task, offset, limit, cancellationToken);

    /// <summary>The task's submissions at or after <paramref name="since"/> (UTC), newest first, without the older ones (a daily budget's window).</summary>
    public async Task<IReadOnlyList<SubmissionRecord>> ListSubmissionsSinceAsync(string task, DateTime since, CancellationToken cancellationToken = default)
    {
        var from = since.ToUniversalTime();
        return SubmissionPage.NewestFirst(await submissions.FindAsync(s => s.Task == task && s.SubmittedAt >= from, cancellationToken));
    }

    /// <summary>
    /// The task's submissions recorded with exactly this <paramref name="trigger"/> text (a schedule tick's names its
    /// tick), newest first: whether a claimant that died had submitted its tick's run. Read rarely (a taken-over tick).
    /// </summary>
    public async Task<IReadOnlyList<SubmissionRecord>> ListSubmissionsByTriggerAsync(string task, string trigger, CancellationToken cancellationToken = default) =>
        SubmissionPage.NewestFirst(await submissions.FindAsync(s => s.Task == task && s.Trigger == trigger, cancellationToken));

    public Task<bool> TryAddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken = default) => keys.TryInsertAsync(Checked(key), cancellationToken);

    public Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken cancellationToken = default) => keys.GetAsync(id, cancellationToken);

    public Task<bool> TryUpdateApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken = default) => keys.TryReplaceAsync(Checked(key), cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken = default) => keys.FindAsync(_ => true, cancellationToken);

    /// <summary>
    /// Every stored key whose id equals <paramref name="id"/> ignoring case, the one with exactly that id first. The
    /// embedded store compares ids ignoring case and MongoDB does not, so an id stored with upper-case hex (configured
    /// keys before ids were made lower-case) may sit beside its lower-case twin on MongoDB only; filtered here, not by
    /// either database, both adapters answer alike. Keys are few, and only revocations and starts ask.
    /// </summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> FindApiKeysAsync(string id, CancellationToken cancellationToken = default) =>
        (await keys.FindAsync(_ => true, cancellationToken))
            .Where(k => string.Equals(k.Id, id, StringComparison.OrdinalIgnoreCase))
            .OrderBy(k => string.Equals(k.Id, id, StringComparison.Ordinal) ? 0 : 1)
            .ToList();

    /// <summary>
    /// True for exactly one caller per (task, tick), however many replicas try at once: the unique key decides,
    /// and the claim outlives restarts. It is a lease from <paramref name="claimedAt"/>: see <see cref="TryTakeOverTickAsync"/>.
    /// </summary>
    public Task<bool> TryClaimTickAsync(string task, DateTime tick, string claimant, DateTime claimedAt, CancellationToken cancellationToken = default) =>
        ticks.TryInsertAsync(new TickClaimRecord
        {
            Id = TickClaimRecord.KeyOf(task, tick), Task = task, Tick = tick.ToUniversalTime(), Claimant = claimant, ClaimedAt = claimedAt.ToUniversalTime(),
        }, cancellationToken);

    /// <summary>
    /// Takes over the claim on (task, tick) when it is at least <paramref name="lease"/> old at <paramref name="now"/>
    /// (its claimant may have died before recording the tick); the caller checks the tick is still not handled. A
    /// compare-and-set on the claim as read (any change to it, such as another taker's, bumps its version), so of several
    /// takers exactly one wins, and the winner's claim is a fresh lease. Returns the lapsed claim as it was, or null when
    /// there is none to take over (not claimed, still leased, or another taker won).
    /// </summary>
    public async Task<TickClaimRecord?> TryTakeOverTickAsync(
        string task, DateTime tick, string claimant, DateTime now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var lapsed = await ticks.GetAsync(TickClaimRecord.KeyOf(task, tick), cancellationToken);
        if (lapsed is null || !lapsed.LapsedAt(now, lease))
        {
            return null;
        }

        var taken = new TickClaimRecord
        {
            Id = lapsed.Id, Version = lapsed.Version, Task = lapsed.Task, Tick = lapsed.Tick, Claimant = claimant, ClaimedAt = now.ToUniversalTime(),
        };
        return await ticks.TryReplaceAsync(taken, cancellationToken) ? lapsed : null;
    }

    public async Task<IReadOnlyList<TickClaimRecord>> ListTickClaimsAsync(string task, CancellationToken cancellationToken = default) =>
        (await ticks.FindAsync(t => t.Task == task, cancellationToken)).OrderBy(t => t.Tick).ToList();

    /// <summary>Counts one proxy answer given by <paramref name="champion"/> (compare-and-set, retried).</summary>
    public async Task CountServedAsync(string task, int champion, CancellationToken cancellationToken = default)
    {
        var id = ServedCountRecord.KeyOf(task, champion);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var current = await served.GetAsync(id, cancellationToken);
            if (current is null)
            {
                if (await served.TryInsertAsync(new ServedCountRecord { Id = id, Task = task, ChampionVersion = champion, Answers = 1 }, cancellationToken))
                {
                    return;
                }

                continue;
            }

            current.Answers++;
            if (await served.TryReplaceAsync(current, cancellationToken))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Could not count a served answer of {id}: too many concurrent writers.");
    }

    public Task<IReadOnlyList<ServedCountRecord>> ListServedAsync(string task, CancellationToken cancellationToken = default) =>
        ListServedAsync(task, fromVersion: 1, cancellationToken);

    /// <summary>The answers counted for the task's champion versions from <paramref name="fromVersion"/> on, by version.</summary>
    public async Task<IReadOnlyList<ServedCountRecord>> ListServedAsync(string task, int fromVersion, CancellationToken cancellationToken = default) =>
        (await served.FindAsync(s => s.Task == task && s.ChampionVersion >= fromVersion, cancellationToken)).OrderBy(s => s.ChampionVersion).ToList();

    private static T Checked<T>(T document)
        where T : class, IStoredDocument
    {
        ArgumentNullException.ThrowIfNull(document);
        RunStoreArguments.Key(document.Id, $"{typeof(T).Name}.Id", nameof(document));
        return document;
    }
}
