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
    TimeProvider Clock);
