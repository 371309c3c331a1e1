namespace GpoPipeline.SimulatedLlm.Wire;

public sealed record ChatChoice(int Index, ChatResponseMessage Message, string FinishReason);
