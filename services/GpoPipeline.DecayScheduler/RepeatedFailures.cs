using System.Diagnostics.CodeAnalysis;

namespace GpoPipeline.DecayScheduler;

/// <summary>
/// Failures that come back at every watchdog pass while a store or broker stays broken: each is to be logged when it
/// starts, when it changes (another exception type or message), and at most once per interval while it goes on — a
/// pass a minute would otherwise log the same error forever — and its end once. Keyed by what failed (a run's re-drive,
/// the pass itself).
/// </summary>
public sealed class RepeatedFailures<TKey>
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, FailureStreak> _streaks = [];

    /// <summary>Counts a failure of <paramref name="key"/> at <paramref name="now"/>.</summary>
    /// <returns>Its streak when this failure is to be logged (the first, a changed one, or one
    /// <paramref name="interval"/> after the last logged), else null.</returns>
    public FailureStreak? Failed(TKey key, Exception error, DateTime now, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(error);
        var kind = $"{error.GetType().FullName}: {error.Message}";
        lock (_lock)
        {
            if (!_streaks.TryGetValue(key, out var streak))
            {
                _streaks[key] = streak = new FailureStreak(now, kind);
                return streak;
            }

            streak.Failures++;
            streak.LastFailedAt = now;
            if (string.Equals(streak.Kind, kind, StringComparison.Ordinal) && now - streak.LoggedAt < interval)
            {
                return null;
            }

            streak.Kind = kind;
            streak.LoggedAt = now;
            return streak;
        }
    }

    /// <summary>The streak of failures <paramref name="key"/> is in, if any.</summary>
    public bool TryGet(TKey key, [NotNullWhen(true)] out FailureStreak? streak)
    {
        lock (_lock)
        {
            return _streaks.TryGetValue(key, out streak);
        }
    }

    /// <summary><paramref name="key"/> succeeded, or no longer needs to.</summary>
    /// <returns>The streak of failures this success ended (to report the recovery), or null when it was not failing.</returns>
    public FailureStreak? Succeeded(TKey key)
    {
        lock (_lock)
        {
            return _streaks.Remove(key, out var streak) ? streak : null;
        }
    }

    /// <summary>Ends the streak of every key but <paramref name="keep"/>: what no longer exists to fail (a run that
    /// ended or was removed) is not remembered forever.</summary>
    /// <returns>The streaks ended.</returns>
    public IReadOnlyList<KeyValuePair<TKey, FailureStreak>> EndAllBut(IReadOnlySet<TKey> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        lock (_lock)
        {
            var ended = _streaks.Where(s => !keep.Contains(s.Key)).ToList();
            foreach (var (key, _) in ended)
            {
                _streaks.Remove(key);
            }

            return ended;
        }
    }
}
