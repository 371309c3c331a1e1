using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>What a simulated chat model sees of one request.</summary>
/// <param name="Seed">The simulator's seed option.</param>
/// <param name="RequestSeed">The request's <c>seed</c> field (the product sends one per run, step and candidate).</param>
/// <param name="BodyHash">Stable hash of the whole request body.</param>
public sealed record ChatCall(
    IReadOnlyList<ChatMessageDto> Messages,
    long Seed,
    long? RequestSeed,
    ulong BodyHash,
    double Temperature);
