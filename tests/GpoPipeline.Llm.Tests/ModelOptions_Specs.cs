using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Llm.Tests;

public sealed class ModelOptions_Specs
{
    [Fact]
    public void When_the_task_model_is_missing_Should_name_the_setting()
    {
        using var services = Build(new() { ["Llm:Optimizer:Model"] = "m" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TaskModelOptions>>().Value);

        Assert.Contains("Setting 'Llm:Task:Model' is invalid", error.Message);
    }

    [Theory]
    [InlineData("ftp://models.example/v1/")]
    [InlineData("models.example/v1/")]
    public void When_the_base_url_is_not_http_Should_name_the_setting_and_what_is_expected(string baseUrl)
    {
        using var services = Build(new() { ["Llm:Task:Model"] = "m", ["Llm:Task:BaseUrl"] = baseUrl });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TaskModelOptions>>().Value);

        Assert.Contains("Setting 'Llm:Task:BaseUrl' is invalid", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/v1/")]
    [InlineData("HTTPS://api.openai.com/v1/")]
    public void When_the_base_url_is_http_or_https_Should_accept_it(string baseUrl)
    {
        using var services = Build(new() { ["Llm:Task:Model"] = "m", ["Llm:Task:BaseUrl"] = baseUrl });

        Assert.Equal(baseUrl, services.GetRequiredService<IOptions<TaskModelOptions>>().Value.BaseUrl);
    }

    [Fact]
    public void When_a_limit_is_out_of_range_Should_name_the_setting_and_the_range()
    {
        using var services = Build(new() { ["Llm:Task:Model"] = "m", ["Llm:Task:MaxConcurrency"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TaskModelOptions>>().Value);

        Assert.Contains("Setting 'Llm:Task:MaxConcurrency' is invalid", error.Message);
        Assert.Contains("between 1 and 10000", error.Message);
    }

    [Theory]
    [InlineData("Llm:Task:RetryBaseDelay", "00:00:00", null)]
    [InlineData("Llm:Task:RetryMaxDelay", "00:00:00", null)]
    [InlineData("Llm:Optimizer:RetryMaxDelay", "00:00:00.010", "must be at least RetryBaseDelay")]
    public void When_a_retry_delay_is_zero_or_the_cap_below_the_base_Should_name_the_setting(string setting, string value, string? reason)
    {
        // At 0 a 500 got its 11 attempts back to back; a cap below the base delay is no backoff either.
        using var services = Build(new() { ["Llm:Task:Model"] = "m", ["Llm:Optimizer:Model"] = "o", ["Llm:Optimizer:RetryBaseDelay"] = "00:00:01", [setting] = value });

        var error = Assert.Throws<OptionsValidationException>(() => setting.StartsWith("Llm:Task:", StringComparison.Ordinal)
            ? services.GetRequiredService<IOptions<TaskModelOptions>>().Value
            : (ModelEndpointOptions)services.GetRequiredService<IOptions<OptimizerModelOptions>>().Value);

        Assert.Contains($"Setting '{setting}' is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason ?? "must be between 00:00:00.001", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Llm:Task:InputPricePerMillion", "NaN")]
    [InlineData("Llm:Task:OutputPricePerMillion", "-5")]
    [InlineData("Llm:Optimizer:InputPricePerMillion", "Infinity")]
    [InlineData("Llm:Optimizer:OutputPricePerMillion", "10000.5")]
    public void When_a_price_is_not_a_number_from_0_to_the_maximum_Should_name_the_setting(string setting, string value)
    {
        // The services refuse at start what `gpo` refuses before a run (Preflight.CheckPrices): NaN costs nothing and stops nothing.
        using var services = Build(new() { ["Llm:Task:Model"] = "m", ["Llm:Optimizer:Model"] = "o", [setting] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() =>
            setting.StartsWith(LlmSections.Task, StringComparison.Ordinal)
                ? (object)services.GetRequiredService<IOptions<TaskModelOptions>>().Value
                : services.GetRequiredService<IOptions<OptimizerModelOptions>>().Value);

        Assert.Contains($"Setting '{setting}' is invalid", error.Message);
        Assert.Contains($"between 0 and {ModelEndpointOptions.MaxPricePerMillion}", error.Message);
    }

    [Fact]
    public void When_no_role_key_is_set_Should_fall_back_to_OPENAI_API_KEY()
    {
        using var services = Build(new()
        {
            ["Llm:Task:Model"] = "m",
            ["Llm:Optimizer:Model"] = "o",
            ["Llm:Optimizer:ApiKey"] = "own-key",
            ["OPENAI_API_KEY"] = "env-key",
        });

        Assert.Equal("env-key", services.GetRequiredService<IOptions<TaskModelOptions>>().Value.ApiKey);
        Assert.Equal("own-key", services.GetRequiredService<IOptions<OptimizerModelOptions>>().Value.ApiKey);
    }

    [Fact]
    public void When_no_role_endpoint_is_set_Should_fall_back_to_OPENAI_BASE_URL()
    {
        // `gpo serve` and the workers read it as `gpo optimize` does (serve's models hint names it); before, only the CLI did.
        using var services = Build(new()
        {
            ["Llm:Task:Model"] = "m",
            ["Llm:Optimizer:Model"] = "o",
            ["Llm:Optimizer:BaseUrl"] = "http://own.example/v1/",
            ["OPENAI_BASE_URL"] = "http://env.example/v1/",
        });

        Assert.Equal("http://env.example/v1/", services.GetRequiredService<IOptions<TaskModelOptions>>().Value.BaseUrl);
        Assert.Equal("http://own.example/v1/", services.GetRequiredService<IOptions<OptimizerModelOptions>>().Value.BaseUrl);
    }

    [Fact]
    public void When_OPENAI_BASE_URL_is_not_a_url_Should_name_the_setting_it_fills()
    {
        using var services = Build(new() { ["Llm:Task:Model"] = "m", ["Llm:Optimizer:Model"] = "o", ["OPENAI_BASE_URL"] = "api.example" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TaskModelOptions>>().Value);

        Assert.Contains("Setting 'Llm:Task:BaseUrl' is invalid", error.Message);
    }

    [Fact]
    public void When_roles_are_not_configured_otherwise_Should_use_the_spec_defaults()
    {
        using var services = Build(new() { ["Llm:Task:Model"] = "t", ["Llm:Optimizer:Model"] = "o" });

        var task = services.GetRequiredService<IOptions<TaskModelOptions>>().Value;
        var optimizer = services.GetRequiredService<IOptions<OptimizerModelOptions>>().Value;

        Assert.Equal((0.0, 1.0), (task.Temperature, optimizer.Temperature));
        Assert.Equal((512, 8), (optimizer.MaxOutputTokens, optimizer.CandidatesPerStep));
        Assert.False(services.GetRequiredService<IOptions<EmbeddingModelOptions>>().Value.IsConfigured);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddModelAccess(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
