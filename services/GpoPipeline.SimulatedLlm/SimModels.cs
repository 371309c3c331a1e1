namespace GpoPipeline.SimulatedLlm;

/// <summary>The simulated model names; the "sim-" prefix keeps them from being mistaken for real models.</summary>
public static class SimModels
{
    public const string Task = "sim-task";
    public const string Optimizer = "sim-optimizer";
    public const string Embedding = "sim-embedding";

    public static IReadOnlyList<string> All { get; } = [Task, Optimizer, Embedding];
}
