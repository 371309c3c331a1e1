namespace GpoPipeline.Optimization.Candidates;

/// <summary>A reply that gave no candidate, and why (missing tag, duplicate, over budget).</summary>
public sealed record Rejection(int Index, string Reason)
{
    public override string ToString() => $"reply {Index}: {Reason}";
}
