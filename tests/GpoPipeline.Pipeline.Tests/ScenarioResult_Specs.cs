using GpoPipeline.Benchmarks.Scenarios;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>How far a benchmark figure is from its target, in the direction the target asks for.</summary>
public sealed class ScenarioResult_Specs
{
    [Theory]
    [InlineData(1.54, 1.10, true, 0.714)]   // P1: overhead ratio, lower is better
    [InlineData(1.00, 1.10, true, 1.100)]
    [InlineData(3.23, 3.60, false, 0.897)]  // P2: speed-up, higher is better
    [InlineData(88, 150, true, 1.705)]      // P5: idle MB
    [InlineData(0, 0, true, 1.000)]         // P4: nothing avoidable is the target itself
    [InlineData(2, 0, true, 0.000)]
    public void When_a_figure_has_a_numeric_target_Should_report_the_share_reached(double ratio, double goal, bool lowerIsBetter, double expected)
    {
        var result = new ScenarioResult("P", "what", "measured", ratio, "target", null, "notes", goal, lowerIsBetter);

        Assert.Equal(expected, result.Attainment!.Value, precision: 3);
    }

    [Fact]
    public void When_a_figure_is_only_reported_Should_have_no_attainment_and_stay_off_the_chart()
    {
        var reported = new ScenarioResult("P1b", "speed-up", "m", 3.6, "report", null, "n");
        var measured = new ScenarioResult("P2", "scale-out", "m", 3.2, "≥ 3.6", false, "n", 3.6);

        var withReported = ResultsChart.Render([reported, measured]);
        var withoutReported = ResultsChart.Render([measured]);

        Assert.Null(reported.Attainment);
        Assert.Equal(Png.Signature, withReported.Take(8));
        Assert.Equal(Png.Height(withoutReported), Png.Height(withReported));
    }

    private static class Png
    {
        public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

        /// <summary>The IHDR height (bytes 20–23, big-endian).</summary>
        public static int Height(byte[] png) => (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
    }
}
