using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Llm;

/// <summary>The shared singletons every role's client stack is built from.</summary>
internal sealed record StackServices(
    IDistributedCache Cache,
    BudgetGuard Budget,
    IUsageLedger Ledger,
    LlmMetrics Metrics,
    ILoggerFactory LoggerFactory,
    TimeProvider Clock,
    bool LogPromptText = false)
{
    /// <summary>The factory for the AI client's logging and telemetry layers: content-free unless Telemetry:LogPromptText.</summary>
    public ILoggerFactory ContentLoggerFactory => LogPromptText ? LoggerFactory : new PromptFreeLoggerFactory(LoggerFactory);
}
