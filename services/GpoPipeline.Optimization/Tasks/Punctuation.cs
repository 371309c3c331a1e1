namespace GpoPipeline.Optimization.Tasks;

/// <summary>Removes ASCII punctuation, like Python's <c>str.translate</c> with <c>string.punctuation</c>.</summary>
public static class Punctuation
{
    private const string Ascii = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public static string Remove(string text) => string.Concat(text.Where(c => !Ascii.Contains(c, StringComparison.Ordinal)));
}
