namespace GpoPipeline.Cli.Tests;

/// <summary>Issue 18: what can be checked is checked before a run record exists or a model is paid.</summary>
public sealed class SpendGuards_Specs
{
    [Fact]
    public async Task When_the_report_folder_cannot_be_written_Should_refuse_before_any_model_call()
    {
        await using var endpoint = await RealEndpoint.StartAsync();
        using var store = new TempStore();

        var result = await GpoProcess.RunAsync(RealEndpoint.Environment, endpoint.Optimize(store.Path, "--out", "/proc/gpo-report"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out /proc/gpo-report: the report cannot be written there", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.ChatRequests);
        Assert.False(File.Exists(store.Path), "no run store (and no run record) was created");
    }

    [Fact]
    public async Task When_a_model_name_is_unknown_to_the_endpoint_Should_refuse_before_the_run_exists()
    {
        await using var endpoint = await RealEndpoint.StartAsync();
        using var store = new TempStore();
        var args = endpoint.Optimize(store.Path);
        args[Array.IndexOf(args, "sim-optimizer")] = "gpt-4o-typo";

        var result = await GpoProcess.RunAsync(RealEndpoint.Environment, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"The model endpoint {endpoint.BaseUrl} does not offer 'gpt-4o-typo'; it lists", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("sim-optimizer", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, endpoint.ChatRequests);
        Assert.False(File.Exists(store.Path), "no run record was created");
    }

    [Fact]
    public async Task When_the_base_url_lacks_v1_Should_say_so()
    {
        await using var endpoint = await RealEndpoint.StartAsync();
        using var store = new TempStore();
        var withoutV1 = endpoint.BaseUrl.Replace("/v1/", "/", StringComparison.Ordinal);
        var args = endpoint.Optimize(store.Path);
        args[Array.IndexOf(args, endpoint.BaseUrl)] = withoutV1;

        var result = await GpoProcess.RunAsync(RealEndpoint.Environment, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"The URL may lack /v1: try --base-url {withoutV1}v1/", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(store.Path), "no run record was created");
    }
}
