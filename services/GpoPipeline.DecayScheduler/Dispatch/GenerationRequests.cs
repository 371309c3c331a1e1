using GpoPipeline.Contracts;

namespace GpoPipeline.DecayScheduler.Dispatch;

/// <summary>What the generation worker is told about a run: its typed settings, the format examples, the trajectory.</summary>
public static class GenerationRequests
{
    public static GenerationRequest For(
        RunConfiguration configuration, IReadOnlyList<ExampleData> formatExamples, IReadOnlyList<TrajectoryPoint> trajectory, int maxCalls)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new GenerationRequest
        {
            Profile = configuration.Profile,
            Strategy = configuration.Retrieval.Strategy,
            Refinement = configuration.Refinement,
            Position = configuration.Position,
            ScoreDisplay = configuration.ScoreDisplay,
            EnforceBudget = configuration.EnforceBudget,
            Candidates = configuration.Candidates,
            Seed = configuration.Seed,
            FormatExamples = formatExamples,
            Trajectory = trajectory,
            MaxCalls = maxCalls,
        };
    }
}
