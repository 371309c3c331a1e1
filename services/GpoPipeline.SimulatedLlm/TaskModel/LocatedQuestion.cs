using GpoPipeline.SimulatedLlm.Data;

namespace GpoPipeline.SimulatedLlm.TaskModel;

/// <summary>A task request split into the known question (if any) and the instruction around it.</summary>
public sealed record LocatedQuestion(KnownExample? Example, string Question, string Instruction);
