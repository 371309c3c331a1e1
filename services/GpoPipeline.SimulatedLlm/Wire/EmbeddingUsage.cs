namespace GpoPipeline.SimulatedLlm.Wire;

public sealed record EmbeddingUsage(int PromptTokens)
{
    public int TotalTokens => PromptTokens;
}
