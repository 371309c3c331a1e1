using Microsoft.Extensions.AI;

namespace GpoPipeline.Llm;

/// <summary>
/// The innermost middleware, reached only on a cache miss: budget check, limits and retries, then accounting.
/// Sits below the cache so hits cost nothing and consume no rate-limit permits.
/// </summary>
internal sealed class PaidCallChatClient(
    IChatClient inner, ModelRole role, ModelEndpointOptions endpoint, EndpointGate gate, BudgetGuard budget, LlmMetrics metrics, TimeProvider clock)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var scope = CallScope.Require();
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var reservation = await budget.ReserveAsync(scope, cancellationToken);
        UsageRecord? record = null;
        ChatResponse response;
        try
        {
            var estimate = gate.NeedsTokenEstimate ? TokenCounter.Count(list) + (options?.MaxOutputTokens ?? endpoint.MaxOutputTokens) : 0;
            response = await gate.ExecuteAsync(token => base.GetResponseAsync(list, options, token), estimate, cancellationToken);
            var usage = WithFailedAttempts(UsageReader.ForChat(response, list, endpoint), scope, () => TokenCounter.Count(list), failed: false);
            var model = endpoint.Model ?? string.Empty;
            record = new UsageRecord(scope.Call.RunId, scope.Call.Step, role, model, scope.Call.Purpose, usage, clock.GetUtcNow());
            scope.PaidUsage = usage;
            metrics.RecordPaid(role, model, scope.Call.Purpose, usage);
        }
        catch (Exception error) when (scope.Attempts > 0)
        {
            // A failed call that reached the endpoint is still accounted: its attempts, and whatever they were billed.
            var usage = WithFailedAttempts(CallUsage.None with { Attempts = 0 }, scope, () => TokenCounter.Count(list), failed: true);
            record = new UsageRecord(scope.Call.RunId, scope.Call.Step, role, endpoint.Model ?? string.Empty, scope.Call.Purpose, usage, clock.GetUtcNow());
            metrics.RecordPaid(role, endpoint.Model ?? string.Empty, scope.Call.Purpose, usage);
            if (error is ModelCallException failed)
            {
                failed.PaidCalls = [usage]; // for the worker's reply, as a successful call's usage is (DeliveryTally)
            }

            throw;
        }
        finally
        {
            await reservation.CompleteAsync(record);
        }

        // Paid and accounted above; thrown only now, so the cache above this client keeps no answer that is none.
        if (Unanswered(response) is { } why)
        {
            why.PaidCalls = [record.Usage];
            throw why;
        }

        return response;
    }

    /// <summary>
    /// A reply with no text that stopped at the output limit (a reasoning model that spent MaxOutputTokens before it
    /// answered) or was withheld by the endpoint's content filter: scored, it would be a wrong answer, cached and
    /// reused by every later run with the same prompt; it is a failure that says what to change (review).
    /// </summary>
    private ModelCallException? Unanswered(ChatResponse response)
    {
        if (!string.IsNullOrWhiteSpace(response.Text))
        {
            return null;
        }

        var section = LlmSections.For(role);
        var who = $"The {role.ToString().ToLowerInvariant()} model '{endpoint.Model}' at {endpoint.BaseUrl}";
        return response.FinishReason == ChatFinishReason.Length
            ? new ModelCallException($"{who} returned no answer: it stopped at its output limit (finish_reason length, {response.Usage?.OutputTokenCount ?? 0} output tokens), as a reasoning model does that spends its tokens before it answers; raise {section}:MaxOutputTokens.") { Role = role }
            : response.FinishReason == ChatFinishReason.ContentFilter
                ? new ModelCallException($"{who} returned no answer: its content filter withheld it (finish_reason content_filter); the endpoint's filter settings decide this, not GpoPipeline's.") { Role = role }
                : null;
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("GpoPipeline.Llm does not stream: accounting and retries need the whole response.");

    private CallUsage WithFailedAttempts(CallUsage answer, CallScope scope, Func<long> promptTokens, bool failed)
    {
        var (input, output, estimated) = scope.BilledForFailedAttempts(promptTokens);
        return answer.Plus(input, output, endpoint.CostOf(input, output), estimated) with { Attempts = scope.Attempts, Failed = failed };
    }
}
