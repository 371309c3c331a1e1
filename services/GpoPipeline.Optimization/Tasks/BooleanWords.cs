namespace GpoPipeline.Optimization.Tasks;

/// <summary>The two answer words of a boolean task, positive first, spelt as in the gold data.</summary>
public sealed record BooleanWords(string Positive, string Negative)
{
    // Spec §5.3 / eval_utils BOOLEAN_SYMBOLS: (false, true), (no, yes), (invalid, valid).
    private static readonly BooleanWords[] Known = [new("True", "False"), new("Yes", "No"), new("valid", "invalid")];

    public static BooleanWords TrueFalse => Known[0];
    public static BooleanWords YesNo => Known[1];
    public static BooleanWords ValidInvalid => Known[2];

    /// <summary>The pair a gold word belongs to (case-insensitive), or null when it is no boolean word.</summary>
    public static BooleanWords? PairOf(string word) => Known.FirstOrDefault(p => p.Contains(word));

    public bool Contains(string word) =>
        string.Equals(word.Trim(), Positive, StringComparison.OrdinalIgnoreCase)
        || string.Equals(word.Trim(), Negative, StringComparison.OrdinalIgnoreCase);

    /// <summary>The pair of the first gold target that is a boolean word (canonical spelling), or null.</summary>
    public static BooleanWords? FromTargets(IEnumerable<string> targets)
    {
        var first = targets.FirstOrDefault(t => PairOf(t) is not null);
        return first is null ? null : PairOf(first);
    }
}
