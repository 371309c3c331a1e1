namespace GpoPipeline.SimulatedLlm.Data;

/// <summary>One dataset line the task model knows the answer to.</summary>
/// <param name="Targets">The gold answer; several references for generation tasks.</param>
public sealed record KnownExample(string Benchmark, string Task, string Input, IReadOnlyList<string> Targets, AnswerKind Kind)
{
    public string Gold => Targets[0];
}
