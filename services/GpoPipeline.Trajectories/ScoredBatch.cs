namespace GpoPipeline.Trajectories;

/// <summary>
/// One scorer reply to record (see <see cref="IRunStore.RecordScoredBatchAsync"/>): the answers it carries, the
/// batch's memo keys in example order, the batch it completes, and the counters it is charged to (<see cref="Charge"/>).
/// A batch the memo answers wholly is recorded the same way, with no answers and only its <see cref="MemoHits"/>.
/// </summary>
public sealed class ScoredBatch
{
    /// <summary>The reply's answers, each with its memo key; the reply may carry only the examples that were missing.</summary>
    public required IReadOnlyList<ExampleResultRecord> Results { get; init; }

    /// <summary>Every example of the batch, in order: the batch score is assembled from their memoized results.</summary>
    public required IReadOnlyList<string> Keys { get; init; }

    /// <summary>The batch's identity and time; its score fields are filled from the memo (<see cref="Assemble"/>).</summary>
    public required BatchScoreRecord Batch { get; init; }

    /// <summary>The usage role the reply is charged to ("task").</summary>
    public required string Role { get; init; }

    /// <summary>
    /// The id of the reply's message: a redelivered copy keeps it, a second scorer's copy of the batch has its own.
    /// <see cref="Guid.Empty"/> when unknown (see <see cref="Charge"/>).
    /// </summary>
    public Guid ReplyId { get; init; }

    /// <summary>
    /// The calls the memo saved this batch: what the answers took that the reply does not carry because the store already
    /// held them when the batch was sent. Charged as memo hits with the reply.
    /// </summary>
    public long MemoHits { get; init; }

    /// <summary>
    /// What the reply is charged. With a <see cref="ReplyId"/>: all its scorer paid for (every answer it carries,
    /// new or not: a second scorer's copy was paid too), added once per reply id (<see cref="IRunStore.AddUsageOnceAsync"/>),
    /// so a redelivered copy adds nothing and a reply written again after a crash is charged exactly once. Without
    /// one: the usage of the answers that were new (then a second scorer's copy is not charged). <see cref="MemoHits"/>
    /// come with it as memo hits (without a reply id, only when some answer was new: a copy recorded again adds none).
    /// </summary>
    public UsageRecord Charge(IReadOnlySet<string> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var paid = ReplyId == Guid.Empty ? Results.Where(r => added.Contains(r.Key)).ToList() : Results;
        var memoHits = ReplyId != Guid.Empty || paid.Count > 0 ? MemoHits : 0;
        return new UsageRecord
        {
            RunId = Batch.RunId, Step = Batch.Step, Role = Role,
            Calls = SaturatingCount.Sum(paid, r => r.Calls), Attempts = SaturatingCount.Sum(paid, r => r.Attempts),
            MemoHits = memoHits,
            InputTokens = SaturatingCount.Sum(paid, r => r.InputTokens), OutputTokens = SaturatingCount.Sum(paid, r => r.OutputTokens),
            Cost = paid.Sum(r => r.Cost),
        };
    }

    /// <summary>The batch score from the memo (each example counted once, the first recorded answer wins), or null
    /// while some example of the batch has no result.</summary>
    public BatchScoreRecord? Assemble(Func<string, ExampleResultRecord?> memo)
    {
        ArgumentNullException.ThrowIfNull(memo);
        var results = new List<ExampleResultRecord>(Keys.Count);
        foreach (var key in Keys)
        {
            if (memo(key) is not { } result)
            {
                return null;
            }

            results.Add(result);
        }

        return BatchScoreRecord.FromResults(Batch, results);
    }

    /// <summary>True when the charge carries nothing worth a write.</summary>
    public static bool IsEmpty(UsageRecord usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return usage is { Calls: 0, Attempts: 0, CacheHits: 0, MemoHits: 0, InputTokens: 0, OutputTokens: 0 } && usage.Cost == 0;
    }
}
