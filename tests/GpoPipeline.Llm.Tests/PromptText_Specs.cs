using GpoPipeline.ServiceDefaults;
using GpoPipeline.SimulatedLlm;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Llm.Tests;

/// <summary>
/// Issue 13 point 6: at Trace the AI client's logging layer wrote whole prompts and dataset examples to every
/// log sink (OTLP included). Prompt and example text reach logs only when Telemetry:LogPromptText says so.
/// </summary>
public sealed class PromptText_Specs
{
    private const string PromptCanary = "canary-prompt-7f3a Think about each move.";
    private const string ExampleCanary = "canary-example-19c2 Take 3 steps left. Take 3 steps right.";

    [Theory]
    [InlineData(LogLevel.Trace)]
    [InlineData(LogLevel.Debug)]
    [InlineData(LogLevel.Information)]
    [InlineData(LogLevel.Warning)]
    [InlineData(LogLevel.Error)]
    [InlineData(LogLevel.Critical)]
    public async Task When_models_are_called_with_logging_at_any_level_Should_keep_prompt_and_example_text_out_of_the_logs(LogLevel level)
    {
        await using var llm = await StartAsync(level, logPromptText: false);

        await CallEveryRoleAsync(llm);

        Assert.NotEmpty(llm.Requests);
        Assert.DoesNotContain(llm.Logs.Lines, line => line.Contains("canary-prompt", StringComparison.Ordinal));
        Assert.DoesNotContain(llm.Logs.Lines, line => line.Contains("canary-example", StringComparison.Ordinal));
        if (level <= LogLevel.Debug)
        {
            // The logging layer is still there: one content-free line per call.
            Assert.Contains(llm.Logs.Lines, line => line.StartsWith("Debug Microsoft.Extensions.AI.LoggingChatClient", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task When_LogPromptText_is_set_and_logging_is_at_Trace_Should_log_the_prompt_and_example_text()
    {
        await using var llm = await StartAsync(LogLevel.Trace, logPromptText: true);

        await CallEveryRoleAsync(llm);

        Assert.Contains(llm.Logs.Lines, line => line.Contains("canary-prompt", StringComparison.Ordinal));
        Assert.Contains(llm.Logs.Lines, line => line.Contains("canary-example", StringComparison.Ordinal));
    }

    private static Task<ModelAccessHarness> StartAsync(LogLevel level, bool logPromptText) =>
        ModelAccessHarness.StartAsync(minimumLogLevel: level, settings: new Dictionary<string, string?>
        {
            ["Llm:Embedding:Model"] = SimModels.Embedding,
            [TelemetrySettings.LogPromptText] = logPromptText ? "true" : "false",
        });

    private static async Task CallEveryRoleAsync(ModelAccessHarness llm)
    {
        var call = new ModelCall(Guid.NewGuid(), 1);
        await llm.Task.CompleteAsync(ModelAccessHarness.Question($"{ExampleCanary}\n{PromptCanary}"), call, default);
        await llm.Optimizer.GenerateAsync($"Improve this prompt: {PromptCanary}\nExample: {ExampleCanary}", 2, call, default);
        await llm.Embedder.EmbedAsync([PromptCanary], call, default);
    }
}
