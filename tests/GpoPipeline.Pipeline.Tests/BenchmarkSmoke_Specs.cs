using GpoPipeline.Benchmarks.Scenarios;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>The benchmark scenarios in their quick mode, so they cannot rot. Asserts that they ran, never timings.</summary>
[Collection(BrokerSpecs.Name)]
public sealed class BenchmarkSmoke_Specs
{
    [Fact]
    public async Task When_the_scenarios_run_in_quick_mode_Should_produce_a_finite_figure_for_each()
    {
        var log = new StringWriter();

        var results = await ScenarioRunner.RunAsync(new ScenarioScale(Quick: true), log);

        Assert.Equal(["P1", "P1b", "P2", "P3", "P4"], results.Select(r => r.Id));
        Assert.All(results, r => Assert.True(double.IsFinite(r.Ratio) && r.Ratio >= 0, $"{r.Id}: {r.Ratio}"));
        var table = ScenarioRunner.Markdown(results, "test");
        Assert.Equal(results.Count, table.Split('\n').Count(line => line.StartsWith("| P", StringComparison.Ordinal)));
        Assert.All(results.Where(r => r.Id != "P1b"), r => Assert.NotNull(r.Attainment));
        Assert.True(ResultsChart.Render(results).Length > 1000, "the results chart is empty");
    }
}
