namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// One call the worker makes to the optimizer model, <see cref="Samples"/> times (or once with n = Samples).
/// <see cref="Parent"/> is the prompt being refined; <see cref="Tag"/> carries what the strategy needs to
/// read the reply later (e.g. ProTeGi's error string), so the worker stores it but never interprets it.
/// </summary>
public sealed record OptimizerRequest
{
    public required RequestPhase Phase { get; init; }

    public required string Parent { get; init; }

    public required IReadOnlyList<ChatTurn> Turns { get; init; }

    public int Samples { get; init; } = 1;

    public double Temperature { get; init; } = 1.0;

    public int MaxTokens { get; init; } = 512;

    public string Tag { get; init; } = string.Empty;

    /// <summary>The last user message: the whole meta-prompt for single-turn methods.</summary>
    public string MetaPrompt => Turns.Last(t => t.Role == "user").Text;

    public static OptimizerRequest SingleTurn(RequestPhase phase, string parent, string metaPrompt) =>
        new() { Phase = phase, Parent = parent, Turns = [ChatTurn.User(metaPrompt)] };
}
