using GpoPipeline.ServiceDefaults;

namespace GpoPipeline.PromptGeneration;

/// <summary>
/// A candidate longer than Limits:MaxPromptChars would be refused by every scorer (BatchScorer), failing the run:
/// it is dropped here as a rejection with its reason, like a reply without tags, and the step goes on without it.
/// </summary>
internal static class OverlongCandidates
{
    public static (List<T> Kept, List<(int Index, string Reason)> Dropped) Split<T>(
        IEnumerable<T> candidates, Func<T, int> index, Func<T, string> prompt, int maxPromptChars)
    {
        List<T> kept = [];
        List<(int, string)> dropped = [];
        foreach (var candidate in candidates)
        {
            var length = prompt(candidate).Length;
            if (length <= maxPromptChars)
            {
                kept.Add(candidate);
                continue;
            }

            dropped.Add((index(candidate),
                $"{length} characters, over {MessageLimitsOptions.Section}:{nameof(MessageLimitsOptions.MaxPromptChars)} ({maxPromptChars}): the scorers would refuse it"));
        }

        return (kept, dropped);
    }
}
