using GpoPipeline.Optimization.Profiles;

namespace GpoPipeline.Optimization.Candidates;

/// <summary>How optimizer replies become candidates.</summary>
public sealed record CandidateOptions
{
    /// <summary>
    /// Off (default): a reply without both tags is rejected with a reason. On: the code's fallback
    /// (spec §1.3.5) — a missing &lt;START&gt; means "from the beginning", a missing &lt;END&gt; "to the end".
    /// </summary>
    public bool TagFallback { get; init; }

    /// <summary>Reject candidates that change more words than the budget (the code never checks, spec §3.2).</summary>
    public bool EnforceBudget { get; init; }

    /// <summary>Loose (default) drops case/spacing variants and trajectory repeats; Exact is the official code's rule.</summary>
    public DuplicateRule Duplicates { get; init; } = DuplicateRule.Loose;
}
