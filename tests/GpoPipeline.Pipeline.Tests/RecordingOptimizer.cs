using GpoPipeline.Llm;
using Microsoft.Extensions.AI;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>An optimizer model that records every conversation it is sent and answers with <paramref name="reply"/>(last user turn, i).</summary>
internal sealed class RecordingOptimizer(Func<string, int, string> reply) : IOptimizerModel
{
    public List<(IReadOnlyList<ChatMessage> Turns, int Count, ModelCall Call)> Calls { get; } = [];

    public int CandidatesPerStep => 8;

    public Task<CandidateCompletions> GenerateAsync(string metaPrompt, int count, ModelCall context, CancellationToken cancellationToken) =>
        GenerateAsync([new ChatMessage(ChatRole.User, metaPrompt)], count, context, cancellationToken);

    public Task<CandidateCompletions> GenerateAsync(IReadOnlyList<ChatMessage> turns, int count, ModelCall context, CancellationToken cancellationToken)
    {
        Calls.Add((turns, count, context));
        var last = turns[^1].Text;
        return Task.FromResult(new CandidateCompletions(
            [.. Enumerable.Range(0, count).Select(i => new ModelReply(reply(last, i), new CallUsage(10, 10, 0, false, false)))]));
    }
}
