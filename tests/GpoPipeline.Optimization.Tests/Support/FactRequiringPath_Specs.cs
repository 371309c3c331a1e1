namespace GpoPipeline.Optimization.Tests.Support;

public class FactRequiringPath_Specs
{
    [Fact]
    public void When_the_path_is_missing_Should_skip_with_the_path_in_the_reason()
    {
        var fact = new FactRequiringPathAttribute("../no-such-folder-for-gpo-tests");
        Assert.Contains("../no-such-folder-for-gpo-tests (resolved to ", fact.Skip, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_path_exists_Should_run() =>
        Assert.Null(new FactRequiringPathAttribute("data").Skip);
}
