using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace GpoPipeline.Llm;

/// <summary>
/// Builds one role's client: OpenTelemetry → logging → cache → paid call (budget, limits, retries, accounting)
/// → OpenAI SDK. OpenTelemetry is outermost so cache hits get a span (tagged gpo.cache_hit).
/// </summary>
internal static class ModelStack
{
    /// <summary>Used when no key is configured: local servers (vLLM, Ollama, the simulator) ignore it; real ones answer 401.</summary>
    private const string NoKey = "no-key-configured";

    public static IChatClient Chat(ModelRole role, ModelEndpointOptions endpoint, StackServices services, EndpointGate gate)
    {
        var model = endpoint.Model!;
        var chat = Client(endpoint).GetChatClient(model).AsIChatClient();
        return new ChatClientBuilder(chat)
            .UseOpenTelemetry(services.ContentLoggerFactory, LlmTelemetry.SourceName, otel => otel.EnableSensitiveData = services.LogPromptText)
            .UseLogging(services.ContentLoggerFactory)
            // The library's key holds neither the model nor the endpoint (dependency-notes.md): add them.
            .Use(inner => new ScopedCachingChatClient(inner, services.Cache)
            {
                CacheKeyAdditionalValues = [role.ToString(), endpoint.CacheScope ?? endpoint.BaseUrl, model, endpoint.Temperature, endpoint.MaxOutputTokens],
            })
            .Use(inner => new PaidCallChatClient(inner, role, endpoint, gate, services.Budget, services.Metrics, services.Clock))
            .Build();
    }

    public static IEmbeddingGenerator<string, Embedding<float>> Embeddings(ModelEndpointOptions endpoint, StackServices services, EndpointGate gate)
    {
        var model = endpoint.Model!;
        var generator = Client(endpoint).GetEmbeddingClient(model).AsIEmbeddingGenerator();
        return new EmbeddingGeneratorBuilder<string, Embedding<float>>(generator)
            .UseOpenTelemetry(services.ContentLoggerFactory, LlmTelemetry.SourceName, otel => otel.EnableSensitiveData = services.LogPromptText)
            .UseLogging(services.ContentLoggerFactory)
            .Use(inner => new ScopedCachingEmbeddingGenerator(inner, services.Cache)
            {
                CacheKeyAdditionalValues = [nameof(ModelRole.Embedding), endpoint.CacheScope ?? endpoint.BaseUrl, model],
            })
            .Use(inner => new PaidCallEmbeddingGenerator(inner, endpoint, gate, services.Budget, services.Metrics, services.Clock))
            .Build();
    }

    private static OpenAIClient Client(ModelEndpointOptions endpoint)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(endpoint.BaseUrl),
            // Our EndpointGate retries with backoff and Retry-After; the SDK's retried 429/503 with no delay.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // The gate's per-attempt timeout fires first; this only stops a connection hanging forever.
            NetworkTimeout = endpoint.Timeout + TimeSpan.FromSeconds(10),
        };
        // Every HTTP attempt is counted, and what failed attempts were billed is kept (complete usage, issue 13).
        options.AddPolicy(AttemptAccountingPolicy.Instance, PipelinePosition.PerTry);
        return new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(endpoint.ApiKey) ? NoKey : endpoint.ApiKey), options);
    }
}
