using GpoPipeline.Optimization.Paper;
using GpoPipeline.Optimization.Tests.Support;

namespace GpoPipeline.Optimization.Tests;

public class RelativeGain_Specs
{
    private static readonly ReportedResults Paper =
        ReportedResults.Parse(File.ReadAllText(Path.Combine(RepoPaths.Data, "paper", "gpo-reported.json")));

    private static double Table5(string method, string column) =>
        Paper.Where("5", column).Single(r => r.Method == method).Score;

    // The abstract's "56.8 % on BBH" and "62.6 % on MMLU", and the per-baseline BBH margins of spec §6.2.
    [Theory]
    [InlineData("BBH", "pe2-gpo-code", 56.8)]
    [InlineData("MMLU Avg", "pe2-gpo-code", 62.6)]
    [InlineData("BBH", "sgdm", 62.8)]
    [InlineData("BBH", "opro-gpo-code", 63.3)]
    [InlineData("BBH", "apo-gpo-code", 80.4)]
    [InlineData("BBH", "ape-gpo-code", 82.2)]
    public void When_recomputing_from_table_5_Should_give_the_papers_percentages(string column, string baseline, double percent)
    {
        var gain = RelativeGain.Of(Table5("gpo", column), Table5(baseline, column), Table5("cot", column));
        Assert.Equal(percent, Math.Round(100 * gain!.Value, 1));
    }

    [Theory]
    [InlineData("BBH", 56.8)]
    [InlineData("MMLU Avg", 62.6)]
    public void When_comparing_with_the_best_baseline_Should_pick_PE2_as_the_paper_does(string column, double percent)
    {
        var baselines = Paper.Where("5", column).Where(r => r.Method is "sgdm" or "ape-gpo-code" or "apo-gpo-code" or "opro-gpo-code" or "pe2-gpo-code")
            .ToDictionary(r => r.Method!, r => r.Score);
        var (best, gain) = RelativeGain.OverBest(Table5("gpo", column), Table5("cot", column), baselines)!.Value;
        Assert.Equal("pe2-gpo-code", best);
        Assert.Equal(percent, Math.Round(100 * gain!.Value, 1));
    }

    [Theory]
    [InlineData(40, 36, 36)]
    [InlineData(40, 35, 36)]
    public void When_the_baseline_did_not_beat_the_reference_Should_give_no_ratio(double gpo, double baseline, double reference) =>
        Assert.Null(RelativeGain.Of(gpo, baseline, reference));

    [Fact]
    public void When_there_are_no_baselines_Should_give_nothing() =>
        Assert.Null(RelativeGain.OverBest(40, 36, new Dictionary<string, double>()));
}
