using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Llm;

/// <summary>
/// Optimizer role (Llm:Optimizer). Candidate i is its own call with seed(run, step, i), all started together
/// (the endpoint's concurrency limit applies), rather than one call with n: the IChatClient stack surfaces one
/// choice only, per-candidate calls get per-candidate cache entries (a redelivered step replays, a partial
/// failure keeps the paid-for candidates: spec §6.7), and every OpenAI-compatible server supports n = 1.
/// </summary>
internal sealed class OptimizerModel(IOptions<OptimizerModelOptions> options, StackServices services) : IOptimizerModel, IAsyncDisposable
{
    private readonly RoleChat chat = new(ModelRole.Optimizer, options.Value, services);

    public int CandidatesPerStep => options.Value.CandidatesPerStep;

    public async Task<CandidateCompletions> GenerateAsync(string metaPrompt, int count, ModelCall context, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metaPrompt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<ChatMessage> messages = [new(ChatRole.User, metaPrompt)];
        // WhenAll waits for every candidate before rethrowing, so the ones that succeeded are cached.
        return await AllAsync([.. Enumerable.Range(0, count).Select(i => chat.CompleteAsync(messages, context.ForCandidate(i), cancellationToken))]);
    }

    public async Task<CandidateCompletions> GenerateAsync(IReadOnlyList<ChatMessage> turns, int count, ModelCall context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentNullException.ThrowIfNull(context);
        if (turns.Count == 0 || turns[^1].Role != ChatRole.User)
        {
            throw new ArgumentException("A conversation for the optimizer must end with a user turn.", nameof(turns));
        }

        var first = context.CandidateIndex ?? 0;
        return await AllAsync([.. Enumerable.Range(0, count).Select(i => chat.CompleteAsync(turns, context.ForCandidate(first + i), cancellationToken))]);
    }

    /// <summary>
    /// Every candidate's reply; when one fails for good, its error carries what all of them paid: the answered ones
    /// were paid too, and the message's retry gets them from the cache for free (<see cref="DeliveryTally"/>).
    /// </summary>
    private static async Task<CandidateCompletions> AllAsync(Task<ModelReply>[] calls)
    {
        try
        {
            return new CandidateCompletions(await Task.WhenAll(calls));
        }
        catch (ModelCallException error)
        {
            error.PaidCalls = [.. calls.SelectMany(PaidBy)];
            throw;
        }
    }

    private static IEnumerable<CallUsage> PaidBy(Task<ModelReply> call) => call.IsCompletedSuccessfully
        ? [call.Result.Usage]
        : call.Exception?.InnerException is ModelCallException { } failed ? failed.PaidCalls : [];

    public ValueTask DisposeAsync() => chat.DisposeAsync();
}
