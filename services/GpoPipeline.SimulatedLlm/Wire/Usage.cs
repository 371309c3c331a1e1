namespace GpoPipeline.SimulatedLlm.Wire;

public sealed record Usage(int PromptTokens, int CompletionTokens)
{
    public int TotalTokens => PromptTokens + CompletionTokens;
}
