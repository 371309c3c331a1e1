using GpoPipeline.ServiceDefaults;
using GpoPipeline.Testing;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A service started without a setting it needs says which one and exits with a configuration error: no stack trace,
/// no unhandled exception, no abort (each host's <c>RunCheckedAsync</c>). Every host as its own OS process.
/// </summary>
public sealed class ServiceStartup_Specs : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gpo-startup-").FullName;

    [Theory]
    [InlineData("GpoPipeline.Scoring", "Llm:Optimizer:Model")]
    [InlineData("GpoPipeline.PromptGeneration", "Llm:Optimizer:Model")]
    [InlineData("GpoPipeline.DirectionRetrieval", "Llm:Optimizer:Model")]
    public void When_a_required_setting_is_missing_Should_name_it_and_exit_with_a_configuration_error_and_no_stack_trace(string service, string setting)
    {
        // Everything a worker needs except the optimizer endpoint's model.
        var environment = new Dictionary<string, string>
        {
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__RabbitMqUri"] = "amqp://guest:guest@127.0.0.1:5672/",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Llm__Task__BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Llm__Task__Model"] = "sim-task",
            ["Llm__Optimizer__BaseUrl"] = "http://127.0.0.1:9/v1",
        };
        using var process = OsProcess.Start("startup", service, _directory, environment, _directory);

        var exitCode = process.WaitForExit(TimeSpan.FromSeconds(60));
        var log = File.ReadAllText(process.Log);

        Assert.True(exitCode == HostStartup.InvalidSettings, $"{service} exit code {exitCode?.ToString() ?? "(still running)"}, expected {HostStartup.InvalidSettings}; its output:\n{log}");
        Assert.Contains($"Setting '{setting}' is invalid", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
