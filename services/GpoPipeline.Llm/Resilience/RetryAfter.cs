using System.ClientModel;
using System.Globalization;

namespace GpoPipeline.Llm;

/// <summary>Reads how long a server asked us to wait: <c>retry-after-ms</c> (OpenAI, Azure) first, then <c>Retry-After</c>.</summary>
internal static class RetryAfter
{
    public static TimeSpan? From(Exception exception, TimeProvider clock)
    {
        if (exception is not ClientResultException { } result || result.GetRawResponse() is not { } response)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        // RFC 9110 also allows an HTTP date.
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? TimeSpan.FromTicks(Math.Max(0, (at - clock.GetUtcNow()).Ticks))
            : null;
    }
}
