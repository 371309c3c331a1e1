namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>The outcome of applying a message to a run: whether the run document changed, and the work to send.</summary>
public sealed record Transition(bool Changed, IReadOnlyList<RunWork> Work)
{
    public static Transition None { get; } = new(false, []);

    public static Transition To(params RunWork[] work) => new(true, work);
}
