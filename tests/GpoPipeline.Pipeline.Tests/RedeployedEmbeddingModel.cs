using System.Security.Cryptography;
using System.Text;
using GpoPipeline.Llm;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// The retrieval workers' embedding endpoint, redeployed after its first call: model A answers the first call, model B
/// every later one (each its own vector space: a hash of model and prompt). It is also the worker's configured
/// Llm:Embedding (its Model follows the deployment), as the operator's redeploy changes both at once.
/// </summary>
internal sealed class RedeployedEmbeddingModel(string first, int firstDimensions, string then, int thenDimensions)
    : IPromptEmbedder, IOptions<EmbeddingModelOptions>
{
    private readonly Lock gate = new();
    private readonly List<(string Model, IReadOnlyList<string> Texts)> calls = [];
    private bool redeployed;

    public IReadOnlyList<(string Model, IReadOnlyList<string> Texts)> Calls
    {
        get
        {
            lock (gate)
            {
                return [.. calls];
            }
        }
    }

    public bool IsAvailable => true;

    public EmbeddingModelOptions Value
    {
        get
        {
            lock (gate)
            {
                return new EmbeddingModelOptions { Model = redeployed ? then : first };
            }
        }
    }

    public Task<EmbeddingReply> EmbedAsync(IReadOnlyList<string> texts, ModelCall context, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var (model, dimensions) = redeployed ? (then, thenDimensions) : (first, firstDimensions);
            calls.Add((model, [.. texts]));
            redeployed = true;
            return Task.FromResult(new EmbeddingReply([.. texts.Select(t => Vector(model, t, dimensions))], new CallUsage(5, 0, 0, false, false)));
        }
    }

    public static float[] Vector(string model, string text, int dimensions)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{model}\n{text}"));
        return [.. Enumerable.Range(0, dimensions).Select(i => (hash[i % hash.Length] / 127.5f) - 1f + (i * 0.001f))];
    }
}
