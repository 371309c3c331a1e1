using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Tests;

/// <summary>
/// Issue 15 point 7: WebNLG's ROUGE-L is the `rouge` 1.0.1 package's summary-level F (metrics.py calc_rouge, lines
/// 51-59, txy77/GPO @1f56a10; pltrdy/rouge 1.0.1 rouge.py lines 115-116, rouge_score.py lines 104-106, 137-191,
/// 297-399). Each case is worked out by hand below: sentences split on ".", case-sensitive words between spaces,
/// m / n = distinct words of reference / prediction, lcs = size of the union of LCS word sets over all
/// (reference sentence, prediction sentence) pairs, F = 2·P·R / (P + R + 1e-8). The same 19 non-empty pairs were
/// run through the package's own source (1.0.1) and gave these values.
/// </summary>
public class RougeL_Specs
{
    internal static double F(double precision, double recall) => 2.0 * (precision * recall / (precision + recall + 1e-8));

    public static TheoryData<string, string, double, string> HandComputed => new()
    {
        // m = n = 5 ({the, cat, sat|is, on, mat}); LCS "the cat on the mat" → {the, cat, on, mat} = 4.
        { "the cat sat on the mat", "the cat is on the mat", F(4.0 / 5, 4.0 / 5), "one word differs" },
        { "a b c", "a b c", F(1, 1), "identical" },
        // "The" ≠ "the": only {cat} is common.
        { "The cat", "the cat", F(1.0 / 2, 1.0 / 2), "case-sensitive" },
        // "cat," ≠ "cat": only {sat}.
        { "cat, sat", "cat sat", F(1.0 / 2, 1.0 / 2), "commas stay in words" },
        // Prediction sentences "a b" and "c d" each match part of the one reference sentence: union {a, b, c, d}.
        { "a b. c d", "a b c d", F(1, 1), "split on periods" },
        { "c d. a b", "a b c d", F(1, 1), "summary level ignores sentence order" },
        // Distinct words: n = m = 1.
        { "the the the", "the", F(1, 1), "repeats count once" },
        { "x y", "a b", 0.0, "nothing in common" },
        { "a   b\tc", "a b c", F(1, 1), "whitespace runs are one space" },
        // n = 5, m = 3, lcs {a, b, c} = 3: P = 3/5, R = 1.
        { "a x b y c", "a b c", F(3.0 / 5, 1), "gaps in the prediction" },
        // Reference sentences "a b" and "a", prediction "b a". LCS("a b", "b a") has length 1; the package's
        // back-trace moves left on a tie (rouge_score.py line 185: up only if strictly greater) and keeps "b";
        // LCS("a", "b a") = "a". Union {a, b} = 2 = m = n. Keeping "a" on the tie would give {a}: F = 0.5.
        { "b a", "a b. a", F(1, 1), "the package's tie-break in the back-trace" },
        // m = 2 distinct reference words; the union holds each once.
        { "a b", "a b. a b", F(1, 1), "a word matched in two reference sentences counts once" },
        // n = 3 ({a, b, z}), m = 2, lcs 2: P = 2/3, R = 1.
        { "a b. z", "a b", F(2.0 / 3, 1), "an extra prediction sentence costs precision" },
        { "a b.", "a b", F(1, 1), "a trailing period is no sentence" },
        // Prediction words: Alan Bean was born in "Wheeler," Texas (7); reference: Alan Bean was born in Wheeler ","
        // Texas (8). LCS "Alan Bean was born in Texas" = 6: P = 6/7, R = 6/8.
        { "Alan Bean was born in Wheeler, Texas.", "Alan Bean was born in Wheeler , Texas .", F(6.0 / 7, 6.0 / 8), "WebNLG-style tokenised reference" },
        { "a a b", "a a b", F(1, 1), "repeats on both sides" },
        // LCS([born, 1990], [1990, births]) = {1990}: P = R = 1/2.
        { "1990 births", "born 1990", F(1.0 / 2, 1.0 / 2), "order matters inside a sentence" },
        { "a b", "a b", F(1, 1), "two words" },
        { "a b", "c d", 0.0, "disjoint" },
        // The package raises "Hypothesis is empty." here; a reply with no text scores 0 instead.
        { "", "a b", 0.0, "empty reply" },
    };

    [Theory]
    [MemberData(nameof(HandComputed))]
    public void When_scoring_a_pair_Should_give_the_rouge_package_summary_level_F(string prediction, string reference, double expected, string why)
    {
        Assert.False(string.IsNullOrEmpty(why));
        Assert.Equal(expected, RougeL.F1(prediction, reference), 12);
    }

    [Fact]
    public void When_there_are_several_references_Should_average_the_F_of_each_as_calc_rouge_does() =>
        Assert.Equal((F(1, 1) + 0) / 2, RougeL.MeanF1("a b", ["a b", "c d"]), 12);

    [Fact]
    public void When_the_reply_is_only_periods_Should_score_zero_instead_of_raising() =>
        Assert.Equal(0.0, RougeL.F1("...", "a"));
}
