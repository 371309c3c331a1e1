using Microsoft.Extensions.AI;

namespace GpoPipeline.Llm;

/// <summary>The model being prompted: scorers send an example with a candidate prompt and read the answer.</summary>
public interface ITaskModel
{
    /// <exception cref="BudgetExhaustedException">The run's budget is spent; nothing was sent.</exception>
    /// <exception cref="ModelCallException">The endpoint refused the call or kept failing; the message says what to fix.</exception>
    Task<ModelReply> CompleteAsync(IReadOnlyList<ChatMessage> messages, ModelCall context, CancellationToken cancellationToken);
}
