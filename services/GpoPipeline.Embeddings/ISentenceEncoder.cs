namespace GpoPipeline.Embeddings;

/// <summary>A local sentence-embedding model: no endpoint, no key, no cost.</summary>
public interface ISentenceEncoder
{
    /// <summary>What the run records as its similarity, e.g. "all-MiniLM-L6-v2 (local)".</summary>
    string Name { get; }

    /// <summary>One L2-normalised vector per text, in order.</summary>
    /// <exception cref="SentenceEncoderUnavailableException">The model could not be loaded on this machine.</exception>
    IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts);
}
