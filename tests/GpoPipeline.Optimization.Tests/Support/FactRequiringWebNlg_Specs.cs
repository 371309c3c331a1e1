namespace GpoPipeline.Optimization.Tests.Support;

[Collection(WebNlgVariable.Collection)]
public sealed class FactRequiringWebNlg_Specs : IDisposable
{
    private readonly string? before = Environment.GetEnvironmentVariable(FactRequiringWebNlgAttribute.Variable);

    [Fact]
    public void When_the_variable_is_not_set_Should_skip_naming_it()
    {
        Environment.SetEnvironmentVariable(FactRequiringWebNlgAttribute.Variable, null);

        Assert.Contains("set GPO_WEBNLG_DATA", new FactRequiringWebNlgAttribute().Skip, StringComparison.Ordinal);
    }

    [Fact]
    public void When_the_variable_names_a_folder_without_webnlg_Should_skip_naming_the_folder()
    {
        Environment.SetEnvironmentVariable(FactRequiringWebNlgAttribute.Variable, RepoPaths.Data);

        Assert.Equal($"GPO_WEBNLG_DATA={RepoPaths.Data} holds no webnlg/webnlg folder.", new FactRequiringWebNlgAttribute().Skip);
    }

    [Fact]
    public void When_the_variable_names_a_copy_Should_run()
    {
        var copy = Directory.CreateTempSubdirectory("gpo-webnlg-");
        try
        {
            Directory.CreateDirectory(Path.Combine(copy.FullName, "webnlg", "webnlg"));
            Environment.SetEnvironmentVariable(FactRequiringWebNlgAttribute.Variable, copy.FullName);

            Assert.Null(new FactRequiringWebNlgAttribute().Skip);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    public void Dispose() => Environment.SetEnvironmentVariable(FactRequiringWebNlgAttribute.Variable, before);
}

/// <summary>The specs that set GPO_WEBNLG_DATA run one at a time (the variable is the process's).</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class WebNlgVariable
{
    public const string Collection = "GPO_WEBNLG_DATA";
}
