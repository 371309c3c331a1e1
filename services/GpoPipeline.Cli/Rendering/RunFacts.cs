using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Rendering;

/// <summary>How a run was made, as `gpo show` and the report state it: its profile and its relevance similarity (issue 15).</summary>
public static class RunFacts
{
    /// <summary>Stored runs from before profiles read as production (RunConfiguration.Profile's default).</summary>
    public static string Profile(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return (run.Configuration?.Profile ?? RunProfile.Production).ToString().ToLowerInvariant();
    }

    public static IEnumerable<string> Lines(RunRecord run)
    {
        yield return $"Profile: {Profile(run)}";
        if (run.Similarity is { } similarity)
        {
            yield return $"Similarity: {similarity}";
        }
    }
}
