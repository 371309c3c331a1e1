namespace GpoPipeline.SimulatedLlm.Wire;

/// <summary><c>{ "error": { "message", "type", "code" } }</c>, as OpenAI sends it.</summary>
public sealed record ErrorResponse(ErrorBody Error);
