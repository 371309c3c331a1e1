using System.Globalization;

namespace GpoPipeline.DirectionRetrieval;

/// <summary>
/// Whether the embedding endpoint's answer can be ranked with and stored: one non-empty vector of finite numbers per
/// text asked, all of one length. The endpoint is outside the pipeline; an answer that is not (a vector short, a NaN,
/// a response cache that kept the model's vectors of its former dimension beside new ones) would throw in the cosine
/// or be rejected by the scheduler with the step's candidates, so retrieval ranks lexically instead and stores none.
/// </summary>
public static class FreshVectors
{
    public static string? Problem(IReadOnlyList<float[]?> vectors, int asked)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count != asked)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{vectors.Count} vectors for {asked} prompts");
        }

        if (vectors.Any(v => v is not { Length: > 0 } || !v.All(float.IsFinite)))
        {
            return "a vector empty or not of finite numbers";
        }

        var lengths = vectors.Select(v => v!.Length).Distinct().Order().ToList();
        return lengths.Count > 1 ? $"vectors of {string.Join(" and ", lengths)} dimensions in one answer" : null;
    }
}
