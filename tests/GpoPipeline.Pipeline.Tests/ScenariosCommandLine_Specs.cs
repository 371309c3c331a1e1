using GpoPipeline.Benchmarks.Scenarios;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>`scenarios` refuses what it does not know instead of running every scenario for 20 minutes.</summary>
public sealed class ScenariosCommandLine_Specs
{
    [Theory]
    [InlineData("--bogus", "unknown argument '--bogus'")]
    [InlineData("--only", "--only needs a value")]
    [InlineData("--only --quick", "--only needs a value")]
    [InlineData("--out", "--out needs a value")]
    [InlineData("--only P3 extra", "unknown argument 'extra'")]
    [InlineData("--quick P3", "unknown argument 'P3'")]
    public void When_an_argument_is_unknown_or_a_value_is_missing_Should_name_it(string arguments, string expected)
    {
        Assert.Equal(expected, ScenariosCommandLine.Problem(arguments.Split(' ')));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--quick")]
    [InlineData("--only P1,P3 --out /tmp/results --quick")]
    [InlineData("--zero-cost-sweep")]
    [InlineData("--timeline")]
    public void When_the_arguments_are_the_documented_ones_Should_find_no_problem(string arguments)
    {
        Assert.Null(ScenariosCommandLine.Problem(arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void When_help_is_asked_for_Should_say_so_before_anything_runs()
    {
        Assert.True(ScenariosCommandLine.AsksForHelp(["--quick", "--help"]));
        Assert.False(ScenariosCommandLine.AsksForHelp(["--quick"]));
    }
}
