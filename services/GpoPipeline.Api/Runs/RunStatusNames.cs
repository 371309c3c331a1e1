using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Runs;

/// <summary>
/// The statuses the API shows for a run, and so the values `GET /v1/runs?status=` takes: <see cref="Submitted"/> (the
/// run is submitted and no worker has recorded it yet) and every <see cref="RunStatus"/>.
/// </summary>
public static class RunStatusNames
{
    public const string Submitted = "Submitted";

    public static IReadOnlyList<string> All { get; } = [Submitted, .. Enum.GetNames<RunStatus>()];

    public static string Of(RunRecord? run) => run is null ? Submitted : run.Status.ToString();

    /// <summary>As <see cref="Of(RunRecord?)"/>, and Failed for a submission whose run could not be started (it never will be).</summary>
    public static string Of(RunRecord? run, SubmissionRecord? submission) =>
        run is null && submission?.StartFailure is not null ? nameof(RunStatus.Failed) : Of(run);

    /// <summary>The status named (any case), or a 400 naming the allowed values.</summary>
    public static string Parse(string status) =>
        All.FirstOrDefault(name => string.Equals(name, status, StringComparison.OrdinalIgnoreCase))
        ?? throw ApiProblemException.BadRequest(
            $"Query 'status' must be one of {string.Join(", ", All)} (got '{Tasks.TasksApi.Shorten(status)}').");
}
