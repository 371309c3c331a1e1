using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// Which submissions show a status (<see cref="RunStatusNames.Of(RunRecord?, SubmissionRecord?)"/>), found from run ids
/// alone: the ids of the runs in that status (<see cref="IRunStore.ListRunIdsInStatusAsync"/>), and for the statuses of a
/// run not stored (Submitted, a failed start's Failed) the ids of every stored run. No run is read, so a filtered page
/// reads only its own runs (every run document was read to filter one page: the API review).
/// </summary>
public static class RunsShowingStatus
{
    /// <summary>The submissions showing <paramref name="status"/>, in the order given.</summary>
    public static async Task<IReadOnlyList<SubmissionRecord>> FilterAsync(
        IRunStore runs, IReadOnlyList<SubmissionRecord> submissions, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(submissions);
        HashSet<Guid>? stored = null;
        async Task<bool> IsStoredAsync(Guid id) => (stored ??= [.. await runs.ListRunIdsAsync(cancellationToken)]).Contains(id);

        if (status == RunStatusNames.Submitted)
        {
            var submitted = new List<SubmissionRecord>();
            foreach (var submission in submissions.Where(s => s.StartFailure is null))
            {
                if (!await IsStoredAsync(submission.RunId))
                {
                    submitted.Add(submission);
                }
            }

            return submitted;
        }

        var wanted = Enum.Parse<RunStatus>(status);
        var inStatus = (await runs.ListRunIdsInStatusAsync(wanted, cancellationToken)).ToHashSet();
        var matching = new List<SubmissionRecord>();
        foreach (var submission in submissions)
        {
            // A start that failed shows Failed while no run is stored (it never will be).
            if (inStatus.Contains(submission.RunId)
                || (wanted == RunStatus.Failed && submission.StartFailure is not null && !await IsStoredAsync(submission.RunId)))
            {
                matching.Add(submission);
            }
        }

        return matching;
    }
}
