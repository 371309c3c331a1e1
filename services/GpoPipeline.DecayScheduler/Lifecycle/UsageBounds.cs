using System.Globalization;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>
/// The most usage a reply may report (<see cref="ReplyChecks"/>), in one place. A reply's usage is added into the
/// run's counters, the shared memo and every budget check that reads them: without an upper bound one forged number
/// near <see cref="long.MaxValue"/> wrapped a run's spend negative (MaxCalls and MaxTokens never enforced again) or
/// threw an <see cref="OverflowException"/> that failed the run and every later run reading the memo entry. The
/// bounds are what the workers can pay for, taken generously, so no genuine reply comes near them.
/// </summary>
public static class UsageBounds
{
    /// <summary>Paid calls of one scored example: the answer and, when the run asks for it, the format-forcing second
    /// round (BatchScorer, SecondRoundDecision); the scheduler reserves as many per example.</summary>
    public const int MaxScoringRounds = 2;

    /// <summary>
    /// Deliveries of one work message a worker may pay for: the first and the consumer's in-process retries
    /// (ModelCallRetry.Retries). A reply reports what the failed deliveries before it paid (DeliveryTally): an example
    /// that failed in each of them took a failed, billed call per delivery before its answer, and one whose cache entry
    /// was gone was paid again; so one example (or generation) may report up to this many times its calls.
    /// </summary>
    public const int MaxDeliveries = 1 + 3;

    /// <summary>HTTP requests behind one paid call: the first and its retries, at most 50 (the model clients'
    /// Llm:*:MaxRetries range, ModelEndpointOptions).</summary>
    public const int MaxAttemptsPerCall = 1 + 50;

    /// <summary>Input, and output, tokens of one call: five times the largest context window of any model served today.</summary>
    public const long MaxTokensPerCall = 5_000_000;

    /// <summary>USD of one call, far above any list price for <see cref="MaxTokensPerCall"/> tokens.</summary>
    public const double MaxCostPerCall = 500;

    /// <summary>
    /// Optimizer calls per candidate slot of a step: a round is at most a reflection and a proposal per slot (ProTeGi),
    /// and a step takes at most 10 rounds (Scheduler:GenerationAttempts ≤ 10). Embedding usage is bounded alike (one call).
    /// </summary>
    public const int MaxGenerationCallsPerCandidate = 2 * 10;

    /// <summary>The candidate slots assumed for a run without a configuration (as the candidate count checks assume).</summary>
    private const int UnknownCandidates = 64;

    /// <summary>
    /// Paid calls one scored example of <paramref name="run"/> may report: its answer rounds, in each delivery the
    /// worker paid for (<see cref="MaxDeliveries"/>). The scheduler still reserves only the rounds before dispatch.
    /// </summary>
    public static long ScoringCalls(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return (run.Configuration is { TwoRoundExtraction: false } ? 1 : MaxScoringRounds) * MaxDeliveries;
    }

    /// <summary>Paid calls one generation of a step of <paramref name="run"/> may report (optimizer, or embedding), in each
    /// delivery the worker paid for (<see cref="MaxDeliveries"/>).</summary>
    public static long GenerationCalls(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return (long)Math.Max(1, run.Configuration?.Candidates ?? UnknownCandidates) * MaxGenerationCallsPerCandidate * MaxDeliveries;
    }

    /// <summary>
    /// What is wrong with <paramref name="usage"/> for work that may take up to <paramref name="maxCalls"/> paid calls:
    /// a negative or not finite number, or one above its bound (the field and the bound named); null when it fits.
    /// </summary>
    public static string? Problem(ModelUsage? usage, long maxCalls)
    {
        if (usage is null)
        {
            return null;
        }

        if (usage.Calls < 0 || usage.Attempts < 0 || usage.InputTokens < 0 || usage.OutputTokens < 0 || !double.IsFinite(usage.Cost) || usage.Cost < 0)
        {
            return "usage must be non-negative and finite";
        }

        return Above("Calls", usage.Calls, maxCalls)
            ?? Above("Attempts", usage.Attempts, maxCalls * MaxAttemptsPerCall)
            ?? Above("InputTokens", usage.InputTokens, maxCalls * MaxTokensPerCall)
            ?? Above("OutputTokens", usage.OutputTokens, maxCalls * MaxTokensPerCall)
            ?? (usage.Cost > maxCalls * MaxCostPerCall
                ? string.Create(CultureInfo.InvariantCulture, $"usage Cost {usage.Cost} is above the bound {maxCalls * MaxCostPerCall} USD ({maxCalls} calls of at most {MaxCostPerCall} USD)")
                : null);
    }

    private static string? Above(string field, long value, long bound) =>
        value > bound ? string.Create(CultureInfo.InvariantCulture, $"usage {field} {value} is above the bound {bound}") : null;
}
