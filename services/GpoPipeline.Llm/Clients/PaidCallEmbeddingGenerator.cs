using Microsoft.Extensions.AI;

namespace GpoPipeline.Llm;

/// <summary>Embedding counterpart of <see cref="PaidCallChatClient"/>: reached only for texts the cache does not hold.</summary>
internal sealed class PaidCallEmbeddingGenerator(
    IEmbeddingGenerator<string, Embedding<float>> inner,
    ModelEndpointOptions endpoint,
    EndpointGate gate,
    BudgetGuard budget,
    LlmMetrics metrics,
    TimeProvider clock)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var scope = CallScope.Require();
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var reservation = await budget.ReserveAsync(scope, cancellationToken);
        UsageRecord? record = null;
        try
        {
            var estimate = gate.NeedsTokenEstimate ? texts.Sum(TokenCounter.Count) : 0;
            var embeddings = await gate.ExecuteAsync(token => base.GenerateAsync(texts, options, token), estimate, cancellationToken);
            var usage = WithFailedAttempts(UsageReader.ForEmbeddings(embeddings, texts, endpoint), scope, () => texts.Sum(TokenCounter.Count), failed: false);
            var model = endpoint.Model ?? string.Empty;
            record = new UsageRecord(scope.Call.RunId, scope.Call.Step, ModelRole.Embedding, model, scope.Call.Purpose, usage, clock.GetUtcNow());
            scope.PaidUsage = usage;
            metrics.RecordPaid(ModelRole.Embedding, model, scope.Call.Purpose, usage);
            return embeddings;
        }
        catch (Exception) when (scope.Attempts > 0)
        {
            // A failed call that reached the endpoint is still accounted: its attempts, and whatever they were billed.
            var usage = WithFailedAttempts(CallUsage.None with { Attempts = 0 }, scope, () => texts.Sum(TokenCounter.Count), failed: true);
            record = new UsageRecord(scope.Call.RunId, scope.Call.Step, ModelRole.Embedding, endpoint.Model ?? string.Empty, scope.Call.Purpose, usage, clock.GetUtcNow());
            metrics.RecordPaid(ModelRole.Embedding, endpoint.Model ?? string.Empty, scope.Call.Purpose, usage);
            throw;
        }
        finally
        {
            await reservation.CompleteAsync(record);
        }
    }

    private CallUsage WithFailedAttempts(CallUsage answer, CallScope scope, Func<long> promptTokens, bool failed)
    {
        var (input, output, estimated) = scope.BilledForFailedAttempts(promptTokens);
        return answer.Plus(input, output, endpoint.CostOf(input, output), estimated) with { Attempts = scope.Attempts, Failed = failed };
    }
}
