using System.Diagnostics;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// The root span of a command a client sends about a run (StartRun, ResumeRun, CancelRun): without it the
/// send span starts a trace that carries no <c>gpo.run.id</c>, so the run's first trace could not be found by run.
/// </summary>
public static class SubmissionSpans
{
    public const string Submit = "gpo.run.submit";

    /// <param name="command">The command's type name, e.g. StartRun.</param>
    public static Activity? Start(Guid runId, string command)
    {
        var span = PipelineSpans.Source.StartActivity(Submit, ActivityKind.Producer);
        span?.SetTag(GpoAttributes.RunId, runId.ToString());
        span?.SetTag("messaging.operation.name", "send");
        span?.SetTag("gpo.command", command);
        return span;
    }
}
