using GpoPipeline.Optimization.Strategies;

namespace GpoPipeline.Optimization.Tests;

public class StrategyCatalog_Specs
{
    [Fact]
    public void When_listing_methods_Should_offer_the_four_baselines_gpo_and_its_ablations()
    {
        Assert.Superset(
            new HashSet<string> { "gpo", "opro", "ape", "protegi", "pe2", "gpo-no-retrieval", "gpo-edit", "gpo-budget-none", "gpo-budget-fixed", "gpo-budget-linear", "ape-gpo-code", "apo-gpo-code", "opro-gpo-code", "pe2-gpo-code" },
            StrategyCatalog.Names.ToHashSet());
    }

    [Fact]
    public void When_creating_each_method_Should_name_its_paper_and_parameters()
    {
        Assert.All(StrategyCatalog.Names, name =>
        {
            var info = StrategyCatalog.Create(name).Info;
            Assert.Equal(name, info.Name);
            Assert.Matches(@"20\d\d", info.Paper);
            Assert.Contains("direction", info.Parameters.Keys);
            Assert.Contains("budget", info.Parameters.Keys);
            Assert.Contains("selection", info.Parameters.Keys);
        });
    }

    [Fact]
    public void When_the_method_name_is_unknown_Should_say_which_names_exist()
    {
        var error = Assert.Throws<ArgumentException>(() => StrategyCatalog.Create("apo-typo"));
        Assert.Contains("'apo-typo' is not known", error.Message, StringComparison.Ordinal);
        Assert.Contains("protegi", error.Message, StringComparison.Ordinal);
    }
}
