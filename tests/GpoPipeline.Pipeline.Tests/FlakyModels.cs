using System.Collections.Concurrent;
using GpoPipeline.Llm;
using Microsoft.Extensions.AI;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A task model as the real stack behaves over a response cache: the first answer to a conversation is paid, later
/// ones are cache hits; the conversation whose text contains <paramref name="failing"/> fails for good once first
/// (retries exhausted), billed for its attempts.
/// </summary>
internal sealed class FlakyTaskModel(string failing) : ITaskModel
{
    public static readonly CallUsage Paid = new(100, 10, 0.25, Estimated: false, CacheHit: false, Attempts: 1);
    public static readonly CallUsage Failed = new(7, 0, 0.125, Estimated: false, CacheHit: false, Attempts: 3, Failed: true);

    private readonly ConcurrentDictionary<string, int> seen = new(StringComparer.Ordinal);

    public Task<ModelReply> CompleteAsync(IReadOnlyList<ChatMessage> messages, ModelCall context, CancellationToken cancellationToken)
    {
        var key = string.Join("\n", messages.Select(m => m.Text));
        var times = seen.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (key.Contains(failing, StringComparison.Ordinal) && times == 1)
        {
            // A faulted task, as the real model's async call returns.
            return Task.FromException<ModelReply>(
                new ModelCallException("the task model still failed after 3 attempt(s)") { IsTransient = true, StatusCode = 500, PaidCalls = [Failed] });
        }

        // A failed call is not cached: its retry is the first answer, paid.
        var paid = key.Contains(failing, StringComparison.Ordinal) ? times == 2 : times == 1;
        return Task.FromResult(new ModelReply("(B)", paid ? Paid : CallUsage.None with { CacheHit = true }));
    }
}

/// <summary>
/// An optimizer as <c>OptimizerModel</c> behaves over a response cache: each candidate index's first completion is paid,
/// later ones are hits; candidate <paramref name="failing"/> fails for good once first, and the error carries what every
/// candidate of the request paid (the answered ones too).
/// </summary>
internal sealed class FlakyOptimizer(int failing) : IOptimizerModel
{
    private readonly ConcurrentDictionary<int, int> seen = new();

    public int CandidatesPerStep => 8;

    public Task<CandidateCompletions> GenerateAsync(string metaPrompt, int count, ModelCall context, CancellationToken cancellationToken) =>
        GenerateAsync([new ChatMessage(ChatRole.User, metaPrompt)], count, context, cancellationToken);

    public Task<CandidateCompletions> GenerateAsync(IReadOnlyList<ChatMessage> turns, int count, ModelCall context, CancellationToken cancellationToken)
    {
        var first = context.CandidateIndex ?? 0;
        var replies = Enumerable.Range(first, count).Select(i => (Index: i, Times: seen.AddOrUpdate(i, 1, (_, n) => n + 1))).ToList();
        if (replies.Any(r => r.Index == failing && r.Times == 1))
        {
            var paid = replies.Where(r => r.Times == 1).Select(r => r.Index == failing ? FlakyTaskModel.Failed : FlakyTaskModel.Paid);
            return Task.FromException<CandidateCompletions>(
                new ModelCallException("the optimizer model still failed after 3 attempt(s)") { IsTransient = true, StatusCode = 500, PaidCalls = [.. paid] });
        }

        return Task.FromResult(new CandidateCompletions([.. replies.Select(r => new ModelReply(
            $"<START>Think it through, then give answer number {r.Index}.<END>",
            r.Times == 1 || (r.Index == failing && r.Times == 2) ? FlakyTaskModel.Paid : CallUsage.None with { CacheHit = true }))]));
    }
}
