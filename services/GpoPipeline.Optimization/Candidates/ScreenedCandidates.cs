namespace GpoPipeline.Optimization.Candidates;

/// <summary>The outcome of <see cref="CandidateScreen.Screen"/>: accepted candidates and rejected replies.</summary>
public sealed record ScreenedCandidates(IReadOnlyList<Candidate> Accepted, IReadOnlyList<Rejection> Rejected);
