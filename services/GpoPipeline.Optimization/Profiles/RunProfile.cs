namespace GpoPipeline.Optimization.Profiles;

/// <summary>
/// How faithfully a run follows the authors' code (txy77/GPO @1f56a10). Chosen per run and stored with it;
/// docs/profiles.md lists every point where the two differ.
/// </summary>
public enum RunProfile
{
    /// <summary>The default: the paper's algorithm with today's fixes where they are fixes (docs/profiles.md).</summary>
    Production,

    /// <summary>Reproduces the official code point by point, quirks included.</summary>
    Paper,
}
