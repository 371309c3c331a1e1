namespace GpoPipeline.Trajectories;

/// <summary>
/// One scorer reply to record (see <see cref="IRunStore.RecordScoredBatchAsync"/>): the answers it carries, the
/// batch's memo keys in example order, the batch it completes, and the counters its new answers are charged to.
/// </summary>
public sealed class ScoredBatch
{
    /// <summary>The reply's answers, each with its memo key; the reply may carry only the examples that were missing.</summary>
    public required IReadOnlyList<ExampleResultRecord> Results { get; init; }

    /// <summary>Every example of the batch, in order: the batch score is assembled from their memoized results.</summary>
    public required IReadOnlyList<string> Keys { get; init; }

    /// <summary>The batch's identity and time; its score fields are filled from the memo (<see cref="Assemble"/>).</summary>
    public required BatchScoreRecord Batch { get; init; }

    /// <summary>The usage role the new answers are charged to ("task").</summary>
    public required string Role { get; init; }

    /// <summary>The usage of the answers that were new (a redelivered reply or a second scorer's copy adds nothing).</summary>
    public UsageRecord Charge(IReadOnlySet<string> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var paid = Results.Where(r => added.Contains(r.Key)).ToList();
        return new UsageRecord
        {
            RunId = Batch.RunId, Step = Batch.Step, Role = Role,
            Calls = paid.Sum(r => r.Calls), Attempts = paid.Sum(r => r.Attempts),
            InputTokens = paid.Sum(r => r.InputTokens), OutputTokens = paid.Sum(r => r.OutputTokens), Cost = paid.Sum(r => r.Cost),
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
        return usage is { Calls: 0, Attempts: 0, CacheHits: 0, InputTokens: 0, OutputTokens: 0 } && usage.Cost == 0;
    }
}
