namespace GpoPipeline.Cli.Tests;

/// <summary>
/// NaN and ±Infinity parse as doubles and passed the range checks (`value &lt; minimum` is false for NaN):
/// `sim --fault-rate NaN` crashed (OverflowException, exit 1), `sim --latency NaN` served, `estimate --input-price NaN`
/// printed $NaN and prices of 1e308 a cost of $Infinity, all with exit 0.
/// </summary>
public sealed class NonFiniteNumbers_Specs
{
    [Theory]
    [InlineData("sim --port 0 --fault-rate NaN", "--fault-rate NaN: expected a share from 0 to 1")]
    [InlineData("sim --port 0 --latency NaN", "--latency NaN: expected milliseconds from 0 to 600000")]
    [InlineData("sim --port 0 --latency -Infinity", "--latency -Infinity: expected milliseconds from 0 to 600000")]
    [InlineData("estimate --data {navigate} --input-price NaN", "--input-price NaN: expected a price per million tokens from 0 to 10000")]
    [InlineData("estimate --data {navigate} --output-price NaN", "--output-price NaN: expected a price per million tokens from 0 to 10000")]
    [InlineData("estimate --data {navigate} --input-price Infinity", "--input-price Infinity: expected a price per million tokens from 0 to 10000")]
    [InlineData("estimate --data {navigate} --input-price 1e308 --output-price 1", "--input-price 1E+308: expected a price per million tokens from 0 to 10000")]
    [InlineData("estimate --data {navigate} --output-price 10001", "--output-price 10001: expected a price per million tokens from 0 to 10000")]
    public async Task When_a_number_is_NaN_infinite_or_beyond_its_range_Should_name_the_option_and_exit_2(string commandLine, string expected)
    {
        var args = commandLine.Replace("{navigate}", Repo.Data("bbh/navigate"), StringComparison.Ordinal).Split(' ');
        // `sim --latency NaN` served until stopped: the spec stops it rather than wait.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var result = await GpoRun.ExecuteAsync(patience.Token, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("$NaN", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("$Infinity", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_prices_are_the_highest_allowed_Should_print_a_finite_estimate()
    {
        var result = await GpoRun.ExecuteAsync(
            "estimate", "--data", Repo.Data("bbh/navigate"), "--input-price", "10000", "--output-price", "10000", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.True(double.IsFinite(json.RootElement.GetProperty("upperBound").GetProperty("cost").GetDouble()));
    }

    [Theory]
    [InlineData("-1", "--port -1: expected a TCP port (0: any free one) from 0 to 65535")]
    [InlineData("70000", "--port 70000: expected a TCP port (0: any free one) from 0 to 65535")]
    public async Task When_serve_is_given_a_port_that_is_no_port_Should_name_it_and_exit_2(string port, string expected)
    {
        using var store = new TempStore();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var result = await GpoRun.ExecuteAsync(patience.Token, "serve", "--simulated", "--port", port, "--store", store.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }
}
