using GpoPipeline.Contracts;

namespace GpoPipeline.Llm;

/// <summary>
/// What the deliveries of one message have paid so far, per unit of its work (an example, a generation). Every call
/// adds its usage as it ends, answered or failed, so a delivery that fails after paying for some of its units leaves
/// that usage here: the consumer's retry answers those units from the response cache at no cost, and its reply reports
/// the usage kept here instead (each payment once: a unit paid again on a cache miss is counted for both payments).
/// </summary>
public sealed class DeliveryTally
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ModelUsage> units = new(StringComparer.Ordinal);

    /// <summary>What the unit's calls paid in every delivery of the message so far (cache hits count nothing).</summary>
    public ModelUsage Of(string unit)
    {
        lock (gate)
        {
            return units.GetValueOrDefault(unit, ModelUsage.None);
        }
    }

    /// <summary>Awaits a task-model call and adds what it paid, or what it was billed before it failed.</summary>
    public async Task<ModelReply> PayAsync(string unit, Task<ModelReply> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            var reply = await call;
            Add(unit, [reply.Usage]);
            return reply;
        }
        catch (ModelCallException error)
        {
            Add(unit, error.PaidCalls);
            throw;
        }
    }

    /// <summary>Awaits an optimizer request and adds what its calls paid, the answered ones too when one of them failed.</summary>
    public async Task<CandidateCompletions> PayAsync(string unit, Task<CandidateCompletions> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            var replies = await call;
            Add(unit, replies.Completions.Select(r => r.Usage));
            return replies;
        }
        catch (ModelCallException error)
        {
            Add(unit, error.PaidCalls);
            throw;
        }
    }

    private void Add(string unit, IEnumerable<CallUsage> calls)
    {
        // As the usage ledger counts them: a call that reached the endpoint is a call, failed or not; a hit is none.
        var paid = calls.Where(c => !c.CacheHit).Aggregate(ModelUsage.None, (sum, c) => sum.Add(new ModelUsage
        {
            Calls = 1, InputTokens = c.InputTokens, OutputTokens = c.OutputTokens, Cost = c.Cost, Attempts = c.Attempts,
        }));
        lock (gate)
        {
            units[unit] = units.GetValueOrDefault(unit, ModelUsage.None).Add(paid);
        }
    }
}
