using GpoPipeline.Api.Serving;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Tests;

/// <summary>The chat proxy forwards where the task model's client calls: the same settings and the same fallbacks.</summary>
public sealed class ProxyUpstream_Specs
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void When_only_the_OpenAI_variables_name_the_endpoint_Should_forward_there_with_their_key(string? taskSetting)
    {
        var upstream = Upstream(new()
        {
            ["Llm:Task:BaseUrl"] = taskSetting, ["Llm:Task:ApiKey"] = taskSetting,
            ["OPENAI_BASE_URL"] = "http://models.example/v1", ["OPENAI_API_KEY"] = "env-key",
        });

        Assert.Equal(new Uri("http://models.example/v1/"), upstream.BaseUrl);
        Assert.Equal("env-key", upstream.ApiKey);
    }

    [Fact]
    public void When_the_task_model_names_its_endpoint_Should_prefer_it_to_the_OpenAI_variables()
    {
        var upstream = Upstream(new()
        {
            ["Llm:Task:BaseUrl"] = "http://task.example/v1/", ["Llm:Task:ApiKey"] = "task-key",
            ["OPENAI_BASE_URL"] = "http://models.example/v1/", ["OPENAI_API_KEY"] = "env-key",
        });

        Assert.Equal(new Uri("http://task.example/v1/"), upstream.BaseUrl);
        Assert.Equal("task-key", upstream.ApiKey);
    }

    private static ProxyUpstream Upstream(Dictionary<string, string?> settings) =>
        new(Options.Create(new ControlPlaneOptions()), new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
