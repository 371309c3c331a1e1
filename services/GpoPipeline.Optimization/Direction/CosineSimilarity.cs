namespace GpoPipeline.Optimization.Direction;

/// <summary>Cosine of two vectors; 0 when either is all zeros (no direction, no similarity).</summary>
public static class CosineSimilarity
{
    public static double Of(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Embeddings must have the same length, got {a.Length} and {b.Length}.", nameof(b));
        }

        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
