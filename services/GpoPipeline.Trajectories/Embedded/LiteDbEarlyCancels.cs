using LiteDB;

namespace GpoPipeline.Trajectories.Embedded;

/// <summary>
/// The embedded store's kept cancels (<see cref="IRunStore.RememberEarlyCancelAsync"/>): one small document per run,
/// bounded to <see cref="IRunStore.EarlyCancelCapacity"/> (oldest dropped first) and to <see cref="IRunStore.EarlyCancelLifetime"/>, so
/// cancels of runs that never come cost nothing lasting. In the store, not in the scheduler's memory, so a cancel taken
/// before its run survives a scheduler restart between the two.
/// </summary>
internal sealed class LiteDbEarlyCancels
{
    public const string Collection = "earlyCancels";
    private const string Reason = "Reason";
    private const string At = "At";
    private readonly ILiteCollection<BsonDocument> cancels;
    private readonly Lock gate;

    public LiteDbEarlyCancels(LiteDatabase database, Lock gate)
    {
        cancels = database.GetCollection(Collection);
        cancels.EnsureIndex(At);
        this.gate = gate;
    }

    public void Remember(Guid runId, string reason, DateTime at)
    {
        lock (gate)
        {
            // The cut-off goes in as a parameter, never into the expression text (see LiteDbRunStore.IdStartsWith).
            cancels.DeleteMany(BsonExpression.Create("$.At < @0", new BsonValue(at.ToUniversalTime() - IRunStore.EarlyCancelLifetime)));
            if (cancels.FindById(runId) is not null)
            {
                return; // the first cancel is kept
            }

            var over = cancels.Count() - IRunStore.EarlyCancelCapacity + 1;
            if (over > 0)
            {
                foreach (var oldest in cancels.Query().OrderBy(At).Limit(over).ToList())
                {
                    cancels.Delete(oldest["_id"]);
                }
            }

            cancels.Insert(new BsonDocument { ["_id"] = runId, [Reason] = reason, [At] = at.ToUniversalTime() });
        }
    }

    /// <returns>Whether a kept cancel was removed (the file changed), and its reason when it is recent enough.</returns>
    public (bool Removed, string? Reason) Take(Guid runId, DateTime notBefore)
    {
        lock (gate)
        {
            if (cancels.FindById(runId) is not { } kept)
            {
                return (false, null);
            }

            cancels.Delete(runId);
            return (true, kept[At].AsDateTime.ToUniversalTime() >= notBefore.ToUniversalTime() ? kept[Reason].AsString : null);
        }
    }
}
