namespace GpoPipeline.Optimization.Tasks;

/// <summary>A task to optimise a prompt for: its benchmark, name and scoring kind.</summary>
public sealed record TaskDefinition(string Benchmark, string Name, TaskKind Kind)
{
    /// <summary>For boolean tasks, the gold words the second round asks for (e.g. "True"/"False").</summary>
    public BooleanWords? BooleanWords { get; init; }
}
