using GpoPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>
/// MassTransit reports anonymous usage to its vendor's server by default (seen as a failed call to
/// usage-tracking.masstransit.io in a `gpo serve` log): no host of ours sends anything to a third party.
/// </summary>
public sealed class UsageTelemetry_Specs
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("RabbitMq")]
    public void When_a_host_gets_the_pipeline_bus_Should_have_the_bus_vendors_usage_telemetry_off(string transport)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = transport,
            ["Messaging:RabbitMqUri"] = "amqp://guest:guest@127.0.0.1:5672/",
        });
        builder.AddPipelineBus(_ => { });
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;

        Assert.False(options.Enabled);
    }
}
