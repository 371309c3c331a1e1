namespace GpoPipeline.Optimization.Profiles;

/// <summary>When two prompts count as the same one (de-duplication and "already selected").</summary>
public enum DuplicateRule
{
    /// <summary>
    /// Case and spacing ignored (<see cref="Candidates.PromptKey"/>); a reply repeating a trajectory prompt is dropped
    /// before scoring, since its score is known and it cannot be selected again.
    /// </summary>
    Loose,

    /// <summary>
    /// The official code: the exact string (MD5 of it, optimize.py lines 850-870); repeats of earlier prompts stay in
    /// the step's pool with their known score, and "already selected" is an exact match too (line 962).
    /// </summary>
    Exact,
}
