using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Llm;

/// <summary>Task role over its own client stack (Llm:Task). At temperature 0 the cache is shared across runs.</summary>
internal sealed class TaskModel(IOptions<TaskModelOptions> options, StackServices services) : ITaskModel, IAsyncDisposable
{
    private readonly RoleChat chat = new(ModelRole.Task, options.Value, services);

    public Task<ModelReply> CompleteAsync(IReadOnlyList<ChatMessage> messages, ModelCall context, CancellationToken cancellationToken) =>
        chat.CompleteAsync(messages, context, cancellationToken);

    /// <summary>The endpoint's limits and retries (for specs).</summary>
    internal EndpointGate Gate => chat.Gate;

    public ValueTask DisposeAsync() => chat.DisposeAsync();
}
