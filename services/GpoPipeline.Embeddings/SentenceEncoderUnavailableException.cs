namespace GpoPipeline.Embeddings;

/// <summary>The shipped model could not be loaded (e.g. ONNX Runtime has no native build for this platform).</summary>
public sealed class SentenceEncoderUnavailableException : Exception
{
    public SentenceEncoderUnavailableException()
    {
    }

    public SentenceEncoderUnavailableException(string message)
        : base(message)
    {
    }

    public SentenceEncoderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
