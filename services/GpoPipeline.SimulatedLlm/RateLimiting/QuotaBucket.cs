namespace GpoPipeline.SimulatedLlm.RateLimiting;

/// <summary>
/// A continuously refilled token bucket (starts full). Not thread-safe: <see cref="ModelQuota"/> locks around it.
/// The rate and size are passed on every use because the simulator's options are live.
/// </summary>
internal sealed class QuotaBucket(DateTimeOffset now)
{
    private double level = double.PositiveInfinity;
    private DateTimeOffset refilledAt = now;

    /// <summary>How long until <paramref name="cost"/> fits (zero: it fits now). A cost above the size waits for a full bucket.</summary>
    public TimeSpan WaitFor(double cost, double perMinute, double size, DateTimeOffset now)
    {
        Refill(perMinute, size, now);
        var needed = Math.Min(cost, size);
        return level >= needed ? TimeSpan.Zero : TimeSpan.FromMinutes((needed - level) / perMinute);
    }

    /// <summary>Whole units left now (OpenAI's <c>x-ratelimit-remaining-*</c>).</summary>
    public long Remaining(double perMinute, double size, DateTimeOffset now)
    {
        Refill(perMinute, size, now);
        return (long)Math.Floor(level);
    }

    /// <summary>How long until the bucket is full again (OpenAI's <c>x-ratelimit-reset-*</c>).</summary>
    public TimeSpan UntilFull(double perMinute, double size, DateTimeOffset now)
    {
        Refill(perMinute, size, now);
        return TimeSpan.FromMinutes((size - level) / perMinute);
    }

    /// <summary>Spends <paramref name="cost"/> (after <see cref="WaitFor"/> said it fits; an oversized request empties the bucket).</summary>
    public void Take(double cost) => level = Math.Max(0, level - cost);

    private void Refill(double perMinute, double size, DateTimeOffset now)
    {
        var minutes = Math.Max(0, (now - refilledAt).TotalMinutes);
        level = Math.Min(size, level + (minutes * perMinute));
        refilledAt = now;
    }
}
