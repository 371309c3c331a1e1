namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>How a reply fits the run: accepted, a stale duplicate (ignored), or rejected with a reason (error queue).</summary>
public sealed record ReplyVerdict(ReplyFit Fit, string Reason, BatchPlan? Batch = null)
{
    public static ReplyVerdict Accept(BatchPlan? batch = null) => new(ReplyFit.Accept, string.Empty, batch);

    public static ReplyVerdict Stale(string reason) => new(ReplyFit.Stale, reason);

    public static ReplyVerdict Reject(string reason) => new(ReplyFit.Reject, reason);
}

public enum ReplyFit
{
    Accept,
    Stale,
    Reject,
}
