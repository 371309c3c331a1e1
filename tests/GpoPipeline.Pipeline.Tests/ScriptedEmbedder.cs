using GpoPipeline.Llm;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>An embedding endpoint whose answer to a call's texts is scripted (a misbehaving endpoint); records every call's texts and context.</summary>
internal sealed class ScriptedEmbedder(Func<IReadOnlyList<string>, IReadOnlyList<float[]>> answer) : IPromptEmbedder
{
    private readonly List<IReadOnlyList<string>> calls = [];

    private readonly List<ModelCall> contexts = [];

    public IReadOnlyList<IReadOnlyList<string>> Calls => calls;

    public IReadOnlyList<ModelCall> Contexts => contexts;

    public bool IsAvailable => true;

    public Task<EmbeddingReply> EmbedAsync(IReadOnlyList<string> texts, ModelCall context, CancellationToken cancellationToken)
    {
        calls.Add([.. texts]);
        contexts.Add(context);
        return Task.FromResult(new EmbeddingReply(answer(texts), new CallUsage(5, 0, 0, false, false)));
    }
}
