using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Llm;

/// <summary>One chat role's client stack plus the per-call work around it: options, seed, scope, hit accounting.</summary>
internal sealed class RoleChat : IAsyncDisposable
{
    private readonly ModelRole role;
    private readonly ModelEndpointOptions endpoint;
    private readonly StackServices services;
    private readonly EndpointGate gate;
    private readonly IChatClient client;

    public RoleChat(ModelRole role, ModelEndpointOptions endpoint, StackServices services)
    {
        this.role = role;
        this.endpoint = endpoint;
        this.services = services;
        gate = new EndpointGate(role, endpoint, services.Metrics, services.LoggerFactory.CreateLogger<EndpointGate>(), services.Clock);
        client = ModelStack.Chat(role, endpoint, services, gate);
    }

    public EndpointGate Gate => gate;

    public async Task<ModelReply> CompleteAsync(IEnumerable<ChatMessage> messages, ModelCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(call);
        var scope = new CallScope(call, role).Enter();
        var temperature = call.Temperature ?? endpoint.Temperature;
        var options = new ChatOptions
        {
            ModelId = endpoint.Model,
            Temperature = (float)temperature,
            MaxOutputTokens = call.MaxOutputTokens ?? endpoint.MaxOutputTokens,
            // Sampled calls: servers that honour seed return different samples per candidate, reproducibly.
            Seed = temperature > 0 ? CallSeed.For(call) : null,
        };
        var response = await client.GetResponseAsync(messages, options, cancellationToken);
        if (scope.PaidUsage is { } paid)
        {
            return new ModelReply(response.Text, paid);
        }

        var hit = CallUsage.None with { CacheHit = true };
        await services.Ledger.RecordAsync(
            new UsageRecord(call.RunId, call.Step, role, endpoint.Model ?? string.Empty, call.Purpose, hit, services.Clock.GetUtcNow()),
            cancellationToken);
        services.Metrics.RecordCacheHits(role, endpoint.Model ?? string.Empty, call.Purpose, 1);
        return new ModelReply(response.Text, hit);
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await gate.DisposeAsync();
    }
}
