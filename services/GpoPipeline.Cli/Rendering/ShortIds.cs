namespace GpoPipeline.Cli.Rendering;

/// <summary>Run ids as `gpo runs` prints them: the shortest prefix of at least 8 characters that tells the listed runs apart.</summary>
public static class ShortIds
{
    public const int Minimum = 8;

    public static int UniqueLength(IEnumerable<Guid> ids)
    {
        var texts = ids.Select(id => id.ToString()).ToList();
        for (var length = Minimum; length < 36; length++)
        {
            if (texts.Select(t => t[..length]).Distinct(StringComparer.Ordinal).Count() == texts.Count)
            {
                return length;
            }
        }

        return 36;
    }
}
