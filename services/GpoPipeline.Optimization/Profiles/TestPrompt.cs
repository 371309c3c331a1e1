namespace GpoPipeline.Optimization.Profiles;

/// <summary>A prompt to score on the test split; <see cref="CandidateIndex"/> is the trajectory step it was selected at.</summary>
public sealed record TestPrompt(int CandidateIndex, string Prompt);
