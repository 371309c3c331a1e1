namespace GpoPipeline.SimulatedLlm.Wire;

/// <summary>The inner object of OpenAI's error envelope.</summary>
public sealed record ErrorBody(string Message, string Type, string? Code, string? Param = null);
