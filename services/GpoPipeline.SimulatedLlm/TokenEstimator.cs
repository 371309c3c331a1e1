namespace GpoPipeline.SimulatedLlm;

/// <summary>Deterministic token estimate, about four characters per token (no tokenizer needed).</summary>
public static class TokenEstimator
{
    public static int Count(string text) => (text.Length + 3) / 4;

    /// <summary>The longest prefix of <paramref name="text"/> that fits <paramref name="maxTokens"/>.</summary>
    public static string Truncate(string text, int maxTokens) =>
        text.Length <= maxTokens * 4L ? text : text[..Math.Max(0, maxTokens * 4)];
}
