using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Llm;

/// <summary>Embedding role (Llm:Embedding); builds no client at all when no model is configured.</summary>
internal sealed class PromptEmbedder : IPromptEmbedder, IAsyncDisposable
{
    private readonly EmbeddingModelOptions endpoint;
    private readonly StackServices services;
    private readonly EndpointGate? gate;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? generator;

    public PromptEmbedder(IOptions<EmbeddingModelOptions> options, StackServices services)
    {
        endpoint = options.Value;
        this.services = services;
        if (endpoint.IsConfigured)
        {
            gate = new EndpointGate(ModelRole.Embedding, endpoint, services.Metrics, services.LoggerFactory.CreateLogger<EndpointGate>(), services.Clock);
            generator = ModelStack.Embeddings(endpoint, services, gate);
        }
    }

    public bool IsAvailable => generator is not null;

    public async Task<EmbeddingReply> EmbedAsync(IReadOnlyList<string> texts, ModelCall context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(context);
        if (generator is null)
        {
            throw new InvalidOperationException(
                $"No embedding model is configured ({LlmSections.Embedding}:Model); check IPromptEmbedder.IsAvailable and use lexical similarity.");
        }

        if (texts.Count == 0)
        {
            return EmbeddingReply.Empty;
        }

        var scope = new CallScope(context, ModelRole.Embedding).Enter();
        var embeddings = await generator.GenerateAsync(texts, cancellationToken: cancellationToken);
        var model = endpoint.Model ?? string.Empty;
        for (var i = 0; i < scope.CacheHits; i++)
        {
            var hit = CallUsage.None with { CacheHit = true };
            await services.Ledger.RecordAsync(new UsageRecord(context.RunId, context.Step, ModelRole.Embedding, model, context.Purpose, hit, services.Clock.GetUtcNow()), cancellationToken);
        }

        if (scope.CacheHits > 0)
        {
            services.Metrics.RecordCacheHits(ModelRole.Embedding, model, context.Purpose, scope.CacheHits);
        }

        // The paid request's usage (attempts included) when any text missed the cache; a hit's zero otherwise.
        var usage = scope.PaidUsage ?? CallUsage.None with { CacheHit = true };
        return new EmbeddingReply([.. embeddings.Select(e => e.Vector.ToArray())], usage);
    }

    public async ValueTask DisposeAsync()
    {
        generator?.Dispose();
        if (gate is not null)
        {
            await gate.DisposeAsync();
        }
    }
}
