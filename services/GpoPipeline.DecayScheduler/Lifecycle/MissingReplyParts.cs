using GpoPipeline.Contracts;

namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>
/// The one place where a reply's missing parts are found: a list, text or object its contract always has, sent as an
/// explicit JSON null. The bus's deserializer writes that null over a <c>required</c> property and over an initializer's
/// <c>[]</c> alike, so such a reply passed checks that took null for empty, and then failed its run: RecordCandidates
/// threw, the retries ran out and RunFaultConsumer failed the run. No worker sends one, so <see cref="ReplyChecks"/>
/// rejects it first, whatever step it names: dead-lettered, never charged, never acted on. Null usage is not missing:
/// every reader takes it as none reported (<see cref="ReplyChecks"/>' usage check, the charges), and a similarity
/// name is optional.
/// </summary>
public static class MissingReplyParts
{
    public static string? Of(BatchScored reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Split is null ? "Split"
            : reply.Results is null ? "Results"
            : reply.Results.Any(r => r is null) ? "an entry of Results"
            : reply.Results.FirstOrDefault(r => r.Answer is null) is { } unanswered ? $"the Answer of result {unanswered.Index}"
            : null;
    }

    public static string? Of(CandidatesGenerated reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Candidates is null ? "Candidates"
            : reply.Candidates.Any(c => c is null) ? "an entry of Candidates"
            : reply.Candidates.FirstOrDefault(c => c.Prompt is null) is { } blank ? $"the Prompt of candidate {blank.CandidateIndex}"
            : reply.Rejections is null ? "Rejections"
            : reply.Rejections.Any(r => r is null) ? "an entry of Rejections"
            : reply.Embeddings is null ? "Embeddings"
            : reply.Embeddings.Any(e => e is null || e.Prompt is null || e.Vector is null) ? "an entry of Embeddings, or its Prompt or Vector"
            : null;
    }

    /// <summary>The rejection reason for a missing <paramref name="part"/>.</summary>
    public static string Reason(string part) => $"{part} is null (a JSON null where the contract has a value; no worker sends one).";
}
