using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>
/// A host on RabbitMQ outside Development needs <c>Messaging:RabbitMqUri</c>: unset, it ran on
/// amqp://guest:guest@localhost:5672/, which no deployment's broker answers, and retried forever without saying why.
/// Development keeps that local default.
/// </summary>
public sealed class RabbitMqUriSetting_Specs
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void When_it_is_unset_outside_Development_Should_refuse_naming_the_setting_and_what_it_expects(string environment)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Build(environment, rabbitMqUri: null));

        Assert.Equal(
            "Setting 'Messaging:RabbitMqUri' is not set: expected an amqp:// or amqps:// URI such as amqp://user:password@rabbitmq:5672/ (only the Development environment falls back to the local broker, amqp://guest:guest@localhost:5672/).",
            SettingErrors.Explain(refused));
    }

    [Fact]
    public async Task When_it_is_unset_outside_Development_Should_exit_a_checked_host_with_a_configuration_error()
    {
        // Before, the host ran on the local default (and on this machine's broker, if one answers) until stopped.
        var exitCode = await HostStartup.RunCheckedAsync(() => Build("Production", rabbitMqUri: null)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HostStartup.InvalidSettings, exitCode);
    }

    [Fact]
    public void When_it_is_unset_in_Development_Should_use_the_local_broker()
    {
        using var host = Build(Environments.Development, rabbitMqUri: null);

        Assert.Equal(new Uri("amqp://guest:guest@localhost:5672/"), host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.RabbitMqUri);
    }

    [Fact]
    public void When_it_is_set_outside_Development_Should_use_it()
    {
        using var host = Build("Production", rabbitMqUri: "amqp://scoring:pw@rabbitmq:5672/gpo");

        Assert.Equal(new Uri("amqp://scoring:pw@rabbitmq:5672/gpo"), host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.RabbitMqUri);
    }

    [Fact]
    public void When_the_bus_is_in_memory_Should_not_need_it()
    {
        using var host = Build("Production", rabbitMqUri: null, transport: "InMemory");

        Assert.True(host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.IsInMemory);
    }

    private static IHost Build(string environment, string? rabbitMqUri, string transport = "RabbitMq")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration["Messaging:Transport"] = transport;
        if (rabbitMqUri is not null)
        {
            builder.Configuration["Messaging:RabbitMqUri"] = rabbitMqUri;
        }

        builder.AddPipelineBus(_ => { });
        return builder.Build();
    }
}
