using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Optimization.Candidates;

/// <summary>
/// Turns a step's optimizer replies into candidates (spec §1.3.5-6): extract and clean, drop duplicates
/// (<see cref="DuplicateRule.Loose"/>: among the replies and against every prompt already in the trajectory;
/// <see cref="DuplicateRule.Exact"/>: only exact repeats among this step's replies, as optimize.py lines 850-870),
/// record the word edit distance to the current prompt and whether it fits the budget; optionally reject over-budget ones.
/// </summary>
public static class CandidateScreen
{
    public static ScreenedCandidates Screen(
        IReadOnlyList<string?> replies, Trajectory trajectory, int? editBudget, CandidateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(replies);
        ArgumentNullException.ThrowIfNull(trajectory);
        options ??= new CandidateOptions();
        var exact = options.Duplicates == DuplicateRule.Exact;
        Func<string, string> key = exact ? p => p : PromptKey.Of;
        var seen = exact ? new HashSet<string>(StringComparer.Ordinal) : trajectory.Entries.Select(e => key(e.Prompt)).ToHashSet(StringComparer.Ordinal);
        var accepted = new List<Candidate>();
        var rejected = new List<Rejection>();
        for (var i = 0; i < replies.Count; i++)
        {
            var extraction = CandidateExtractor.Extract(replies[i], options.TagFallback, exactClean: exact);
            if (extraction.Prompt is not { } prompt)
            {
                rejected.Add(new Rejection(i, extraction.Rejection!));
                continue;
            }

            if (!seen.Add(key(prompt)))
            {
                rejected.Add(new Rejection(i, exact ? "exact repeat of an earlier reply in this step" : Duplicate(prompt, trajectory)));
                continue;
            }

            var distance = WordEditDistance.Between(trajectory.Current.Prompt, prompt);
            var within = editBudget is not { } budget || distance <= budget;
            if (!within && options.EnforceBudget)
            {
                rejected.Add(new Rejection(i, $"changes {distance} words, over the budget of {editBudget}"));
                continue;
            }

            accepted.Add(new Candidate(i, prompt, distance, within));
        }

        return new ScreenedCandidates(accepted, rejected);
    }

    private static string Duplicate(string prompt, Trajectory trajectory) =>
        trajectory.Entries.Any(e => PromptKey.Of(e.Prompt) == PromptKey.Of(prompt))
            ? "duplicate of a prompt already in the trajectory"
            : "duplicate of an earlier reply in this step";
}
