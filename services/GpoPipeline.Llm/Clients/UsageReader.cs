using Microsoft.Extensions.AI;

namespace GpoPipeline.Llm;

/// <summary>Tokens and cost of a paid response: the server's usage, or a local count marked Estimated when it sent none.</summary>
internal static class UsageReader
{
    public static CallUsage ForChat(ChatResponse response, IEnumerable<ChatMessage> messages, ModelEndpointOptions endpoint)
    {
        if (response.Usage is { InputTokenCount: { } input, OutputTokenCount: { } output })
        {
            return new CallUsage(input, output, endpoint.CostOf(input, output), Estimated: false, CacheHit: false);
        }

        long estimatedInput = TokenCounter.Count(messages);
        long estimatedOutput = TokenCounter.Count(response.Text);
        // Filled in so the GenAI span shows tokens too; the ledger record carries the Estimated mark.
        response.Usage = new UsageDetails { InputTokenCount = estimatedInput, OutputTokenCount = estimatedOutput };
        return new CallUsage(estimatedInput, estimatedOutput, endpoint.CostOf(estimatedInput, estimatedOutput), Estimated: true, CacheHit: false);
    }

    public static CallUsage ForEmbeddings(GeneratedEmbeddings<Embedding<float>> embeddings, IEnumerable<string> texts, ModelEndpointOptions endpoint)
    {
        if (embeddings.Usage is { InputTokenCount: { } input })
        {
            return new CallUsage(input, 0, endpoint.CostOf(input, 0), Estimated: false, CacheHit: false);
        }

        long estimated = texts.Sum(TokenCounter.Count);
        return new CallUsage(estimated, 0, endpoint.CostOf(estimated, 0), Estimated: true, CacheHit: false);
    }
}
