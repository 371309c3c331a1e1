namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>One (candidate, batch) of a step: the prompt and the example range [From, To) of the split.</summary>
public sealed record BatchPlan(int CandidateIndex, int BatchIndex, string Prompt, string Split, int From, int To)
{
    public int Size => To - From;
}
