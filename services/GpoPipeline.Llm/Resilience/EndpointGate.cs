using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace GpoPipeline.Llm;

/// <summary>
/// Everything between a call and the wire for one role: limits, per-attempt timeout, retries with exponential
/// backoff + jitter that honour Retry-After / retry-after-ms, and fail-fast translation of permanent errors.
/// The OpenAI SDK's own retry is off (it retried 429/503 with no delay: dependency-notes.md).
/// </summary>
internal sealed partial class EndpointGate : IAsyncDisposable
{
    private readonly ModelRole role;
    private readonly ModelEndpointOptions options;
    private readonly LlmMetrics metrics;
    private readonly ILogger logger;
    private readonly EndpointLimiter limiter;
    private readonly ResiliencePipeline pipeline;
    private readonly TimeProvider clock;

    public EndpointGate(ModelRole role, ModelEndpointOptions options, LlmMetrics metrics, ILogger logger, TimeProvider clock)
    {
        this.role = role;
        this.options = options;
        this.metrics = metrics;
        this.logger = logger;
        this.clock = clock;
        limiter = new EndpointLimiter(options, clock);
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && TransientErrors.IsTransient(e)),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                // Never sooner than the server's wait; up to half of it more at random, so the callers it refused at
                // the same moment do not all come back at the same instant.
                DelayGenerator = args => ValueTask.FromResult(
                    RetryAfter.From(args.Outcome.Exception!, clock, options.RetryMaxDelay) is { } wait
                        ? Min(wait * (1 + (Random.Shared.NextDouble() / 2)), options.RetryMaxDelay)
                        : (TimeSpan?)null),
                OnRetry = args =>
                {
                    metrics.RecordRetry(role, options.Model ?? string.Empty);
                    LogRetry(role, TransientErrors.StatusOf(args.Outcome.Exception!), args.Outcome.Exception!.GetType().Name,
                        args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline = builder.Build();
    }

    public bool NeedsTokenEstimate => limiter.LimitsTokens;

    /// <summary>The endpoint's adaptive in-flight window.</summary>
    public AdaptiveConcurrencyLimiter Concurrency => limiter.Concurrency;

    /// <summary>The endpoint's adaptive request rate.</summary>
    public AdaptiveRateLimiter Rate => limiter.Rate;

    /// <param name="estimatedTokens">Input + max output tokens, reserved from the tokens/min bucket (as OpenAI counts).</param>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, int estimatedTokens, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    Interlocked.Increment(ref attempts);
                    // Held for this attempt only: a retry waiting out its backoff holds no slot and no permit.
                    using var slot = await limiter.AcquireAsync(estimatedTokens, token);
                    try
                    {
                        var result = await WithTimeoutAsync(attempt, token);
                        slot.Succeeded();
                        return result;
                    }
                    catch (Exception error) when (TransientErrors.IsOverload(error))
                    {
                        slot.Overloaded(TransientErrors.StatusOf(error), RetryAfter.From(error, clock, options.RetryMaxDelay));
                        throw;
                    }
                },
                cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw ModelErrors.Translate(error, role, options, attempts);
        }
    }

    public ValueTask DisposeAsync() => limiter.DisposeAsync();

    /// <summary>The timeout starts once a slot is held, so waiting in the limiter queue never counts as a timeout.</summary>
    private async Task<T> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            return await attempt(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer within {options.Timeout.TotalSeconds:0.###} s ({LlmSections.For(role)}:Timeout).");
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying {Role} model call (status {Status}, {Error}), attempt {Attempt} in {DelayMs} ms")]
    private partial void LogRetry(ModelRole role, int? status, string error, int attempt, double delayMs);
}
