namespace GpoPipeline.DecayScheduler;

/// <summary>One thing failing again and again (<see cref="RepeatedFailures{TKey}"/>): since when, how many times, and
/// what was last logged of it.</summary>
public sealed class FailureStreak
{
    internal FailureStreak(DateTime since, string kind)
    {
        Since = since;
        Kind = kind;
        LoggedAt = since;
        LastFailedAt = since;
    }

    public DateTime Since { get; }

    /// <summary>Failures since <see cref="Since"/>, the logged ones and the others.</summary>
    public int Failures { get; internal set; } = 1;

    public DateTime LastFailedAt { get; internal set; }

    /// <summary>The exception type and message last logged: another one is logged at once.</summary>
    internal string Kind { get; set; }

    internal DateTime LoggedAt { get; set; }
}
