namespace GpoPipeline.Cli.Tests;

/// <summary>
/// A price setting in the environment that is no price (NaN, negative, infinite, above the services' 10,000) is named
/// with what is expected before anything starts: NaN or -5 passed as "no prices" (`--max-cost needs the models' prices
/// … set Llm__Task__InputPricePerMillion` although it was set), and 20000 went on to the endpoint.
/// </summary>
public sealed class PriceSettings_Specs
{
    [Theory]
    [InlineData("Llm__Task__InputPricePerMillion", "NaN")]
    [InlineData("Llm__Task__InputPricePerMillion", "-5")]
    [InlineData("Llm__Task__OutputPricePerMillion", "Infinity")]
    [InlineData("Llm__Optimizer__OutputPricePerMillion", "20000")]
    public async Task When_a_price_setting_is_no_price_and_a_cost_limit_is_asked_for_Should_name_the_setting_and_exit_2(string variable, string value)
    {
        var result = await GpoProcess.RunAsync(new Dictionary<string, string?> { [variable] = value, ["OPENAI_API_KEY"] = "test-key" },
            "optimize", "--data", Repo.Data("bbh/navigate"), "--task-model", "m", "--optimizer-model", "m",
            "--base-url", "http://127.0.0.1:9/v1/", "--max-cost", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{variable} {value}: expected a price per million tokens from 0 to 10000", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--max-cost needs the models' prices", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_price_setting_is_NaN_without_a_cost_limit_Should_refuse_it_before_the_endpoint_is_asked()
    {
        // A distributed run carried the NaN to the workers inside its StartRun; here nothing listens on port 9.
        var result = await GpoProcess.RunAsync(new Dictionary<string, string?> { ["Llm__Task__InputPricePerMillion"] = "NaN", ["OPENAI_API_KEY"] = "test-key" },
            "optimize", "--data", Repo.Data("bbh/navigate"), "--task-model", "m", "--optimizer-model", "m", "--base-url", "http://127.0.0.1:9/v1/");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Llm__Task__InputPricePerMillion NaN: expected a price per million tokens", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot be reached", result.Stderr, StringComparison.Ordinal);
    }
}
