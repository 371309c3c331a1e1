namespace GpoPipeline.Llm;

/// <summary>The optimizer's completions for one meta-prompt, in candidate-index order, with their usage.</summary>
public sealed record CandidateCompletions(IReadOnlyList<ModelReply> Completions)
{
    public IReadOnlyList<string> Texts => [.. Completions.Select(c => c.Text)];
}
