using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GpoPipeline.ServiceDefaults.Tests;

public sealed class RequiredOptions_Specs
{
    public sealed class SampleBrokerOptions
    {
        [Required]
        public string? Uri { get; set; }

        [Range(1, 1000)]
        public int Prefetch { get; set; } = 16;
    }

    [Fact]
    public async Task When_a_required_setting_is_missing_Should_fail_at_start_naming_the_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults("options-spec");
        builder.AddValidatedOptions<SampleBrokerOptions>("RabbitMq");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Setting 'RabbitMq:Uri' is invalid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_settings_are_present_and_valid_Should_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["RabbitMq:Uri"] = "amqp://localhost";
        builder.Configuration["RabbitMq:Prefetch"] = "32";
        builder.AddValidatedOptions<SampleBrokerOptions>("RabbitMq");
        using var host = builder.Build();

        await host.StartAsync();
        var options = host.Services.GetService(typeof(IOptions<SampleBrokerOptions>)) as IOptions<SampleBrokerOptions>;
        await host.StopAsync();

        Assert.Equal(32, options!.Value.Prefetch);
    }

    [Fact]
    public async Task When_a_setting_is_out_of_range_Should_fail_naming_it()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["RabbitMq:Uri"] = "amqp://localhost";
        builder.Configuration["RabbitMq:Prefetch"] = "0";
        builder.AddValidatedOptions<SampleBrokerOptions>("RabbitMq");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("RabbitMq:Prefetch", error.Message, StringComparison.Ordinal);
    }
}
