using System.Text;
using GpoPipeline.SimulatedLlm.Determinism;

namespace GpoPipeline.SimulatedLlm.Embeddings;

/// <summary>
/// Hashed bag of words: lower-cased word tokens counted into FNV-1a buckets, L2-normalised. Cosine similarity
/// then tracks word overlap, which is all relevance retrieval needs from a simulator. Not a semantic model.
/// </summary>
public static class HashedEmbedder
{
    public static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in Words(text))
        {
            vector[(int)(StableHash.Of(word) % (ulong)dimensions)] += 1f;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }

    public static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
