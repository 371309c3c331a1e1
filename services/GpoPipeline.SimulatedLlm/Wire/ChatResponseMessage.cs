namespace GpoPipeline.SimulatedLlm.Wire;

public sealed record ChatResponseMessage(string Role, string Content);
