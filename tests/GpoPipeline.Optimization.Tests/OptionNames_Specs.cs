using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Tests;

public sealed class OptionNames_Specs
{
    [Theory]
    [InlineData("QBegin,ABegin")]
    [InlineData("Q_begin, A_begin")]
    [InlineData("QEnd,QEnd")]
    [InlineData("1")]
    [InlineData("")]
    public void When_a_position_is_a_list_a_number_or_nothing_Should_be_refused_naming_the_valid_ones(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => OptionNames.ParsePosition(value));

        Assert.Contains($"'{value}' is not valid; expected one of: Q_end, Q_begin, A_begin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none, fixed, linear")]
    [InlineData("fixed,linear")]
    public void When_a_schedule_lists_several_names_Should_be_refused_not_combined_into_another(string value)
    {
        Assert.Throws<ArgumentException>(() => OptionNames.Parse<BudgetSchedule>(value, "Schedule"));
    }

    [Theory]
    [InlineData("q-begin", PromptPosition.QBegin, "Q_begin")]
    [InlineData("A_BEGIN", PromptPosition.ABegin, "A_begin")]
    [InlineData("Q_end", PromptPosition.QEnd, "Q_end")]
    public void When_a_position_is_spelled_any_accepted_way_Should_read_as_it_and_be_named_one_way(string value, PromptPosition expected, string name)
    {
        var parsed = OptionNames.ParsePosition(value);

        Assert.Equal(expected, parsed);
        Assert.Equal(name, OptionNames.Name(parsed));
    }

    [Fact]
    public void When_every_listed_name_is_read_back_Should_give_its_own_value()
    {
        Assert.All(Enum.GetValues<BudgetSchedule>(), v => Assert.Equal(v, OptionNames.Parse<BudgetSchedule>(OptionNames.Name(v), "Schedule")));
        Assert.All(Enum.GetValues<RetrievalStrategy>(), v => Assert.Equal(v, OptionNames.Parse<RetrievalStrategy>(OptionNames.Name(v), "Retrieval")));
        Assert.All(Enum.GetValues<PromptPosition>(), v => Assert.Equal(v, OptionNames.ParsePosition(OptionNames.Name(v))));
    }
}
