using System.ClientModel;
using System.Globalization;

namespace GpoPipeline.Llm;

/// <summary>
/// Reads how long a server asked us to wait: <c>retry-after-ms</c> (OpenAI, Azure) first, then <c>Retry-After</c>,
/// clamped here, once, to <c>RetryMaxDelay</c>: every wait (the retry's backoff, the endpoint-wide pause) is capped by
/// it as the README says, and an absurd value (<c>retry-after-ms: 1e18</c>, beyond what a TimeSpan holds) is the
/// longest wait, not an OverflowException that turned a transient 429 into a failed run.
/// </summary>
internal static class RetryAfter
{
    public static TimeSpan? From(Exception exception, TimeProvider clock, TimeSpan maxDelay)
    {
        if (exception is not ClientResultException { } result || result.GetRawResponse() is not { } response)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return Clamp(milliseconds, maxDelay.TotalMilliseconds, TimeSpan.FromMilliseconds, maxDelay);
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return Clamp(seconds, maxDelay.TotalSeconds, TimeSpan.FromSeconds, maxDelay);
        }

        // RFC 9110 also allows an HTTP date (two DateTimeOffsets are at most ~10,000 years apart: a TimeSpan holds it).
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? TimeSpan.FromTicks(Math.Clamp((at - clock.GetUtcNow()).Ticks, 0, maxDelay.Ticks))
            : null;
    }

    /// <summary>Compared as a number before it becomes a TimeSpan: infinity or 1e18 ms would overflow the conversion.</summary>
    private static TimeSpan Clamp(double amount, double most, Func<double, TimeSpan> toTimeSpan, TimeSpan maxDelay) =>
        amount < most ? toTimeSpan(amount) : maxDelay;
}
