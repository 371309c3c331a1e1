using GpoPipeline.Contracts;
using GpoPipeline.Testing;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>
/// The bus over <c>amqps://</c> verifies the broker (issue 13 §3, docs/broker-security.md): a real RabbitMQ node with a
/// TLS listener whose certificate a private CA signed. Trusting that CA, a host connects and a message goes round;
/// without it, or by a name the certificate does not carry, the host refuses at start with one line.
/// </summary>
public sealed class BrokerTls_Specs(TlsBroker broker, ITestOutputHelper output) : IClassFixture<TlsBroker>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task When_the_client_trusts_the_brokers_CA_Should_connect_over_TLS_and_deliver_a_message()
    {
        Skip.If(broker.Unavailable is not null, broker.Unavailable);
        var (delivered, _) = await RoundTripAsync(new() { ["Messaging:Tls:CaFile"] = broker.CaFile });

        Assert.Equal(7, delivered.Step);
    }

    [SkippableFact]
    public async Task When_the_client_does_not_trust_the_brokers_certificate_Should_refuse_at_start_in_one_line()
    {
        Skip.If(broker.Unavailable is not null, broker.Unavailable);
        var refusal = await RefusalAsync(broker.Uri, new());

        Assert.Contains("is not trusted by this system's roots", refusal);
        Assert.Contains("Messaging:Tls:CaFile", refusal);
        Assert.Contains("CN=gpo-compose-ca", refusal);
    }

    [SkippableFact]
    public async Task When_the_certificate_is_not_for_the_name_connected_to_Should_refuse_at_start_in_one_line()
    {
        Skip.If(broker.Unavailable is not null, broker.Unavailable);
        var byAddress = new UriBuilder(broker.Uri) { Host = "127.0.0.1" }.Uri;

        var refusal = await RefusalAsync(byAddress, new() { ["Messaging:Tls:CaFile"] = broker.CaFile });

        Assert.Contains("is not for '127.0.0.1'", refusal);
    }

    [SkippableFact]
    public async Task When_a_service_host_does_not_trust_the_brokers_certificate_Should_exit_with_a_configuration_error_before_it_starts()
    {
        Skip.If(broker.Unavailable is not null, broker.Unavailable);
        using var host = BuildHost(broker.Uri, new(), new CapturedLogs(), bus => bus.AddConsumer<StepStartedProbeConsumer>());
        var started = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted;

        var exitCode = await host.RunCheckedAsync().WaitAsync(Patience);

        Assert.Equal(HostStartup.InvalidSettings, exitCode);
        Assert.False(started.IsCancellationRequested, "the host started although the broker's certificate was refused");
    }

    [SkippableFact]
    public async Task When_verification_is_switched_off_explicitly_Should_connect_and_warn()
    {
        Skip.If(broker.Unavailable is not null, broker.Unavailable);
        var (delivered, logs) = await RoundTripAsync(new() { ["Messaging:Tls:AllowUntrustedCertificate"] = "true" });

        Assert.Equal(7, delivered.Step);
        Assert.Contains(logs.Records, r => r.Level == LogLevel.Warning && r.Message.Contains("impostor broker would be accepted", StringComparison.Ordinal));
    }

    [Fact]
    public void When_the_CA_file_does_not_exist_Should_refuse_to_configure_naming_the_setting_and_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "gpo-no-such-ca-" + Guid.NewGuid().ToString("N")[..8] + ".pem");

        var refused = Assert.Throws<BrokerTlsException>(() =>
            BuildHost(new Uri("amqps://guest:guest@localhost:5671/"), new() { ["Messaging:Tls:CaFile"] = missing }, new CapturedLogs(), _ => { }));

        Assert.Equal($"Setting 'Messaging:Tls:CaFile' is invalid: {missing} does not exist (expected the PEM file of the CA that signed the broker's certificate).", refused.Message);
    }

    private async Task<(StepStarted Delivered, CapturedLogs Logs)> RoundTripAsync(Dictionary<string, string?> tls)
    {
        var runId = Guid.NewGuid();
        var probe = new StepStartedProbe(runId);
        var logs = new CapturedLogs();
        using var host = BuildHost(broker.Uri, tls, logs, bus =>
        {
            bus.AddConsumer<StepStartedProbeConsumer>();
            bus.AddSingleton(probe);
        });
        using var patience = new CancellationTokenSource(Patience);
        await host.StartAsync(patience.Token);
        try
        {
            await host.Services.GetRequiredService<IPublishEndpoint>().Publish(new StepStarted { RunId = runId, Step = 7, TotalSteps = 9 }, patience.Token);
            var (delivered, _) = await probe.Completion.WaitAsync(patience.Token);
            return (delivered, logs);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The start fails, within the patience (not a hang), with one line.</summary>
    private async Task<string> RefusalAsync(Uri uri, Dictionary<string, string?> tls)
    {
        using var host = BuildHost(uri, tls, new CapturedLogs(), bus => bus.AddConsumer<StepStartedProbeConsumer>());
        using var patience = new CancellationTokenSource(Patience);
        var refused = await Assert.ThrowsAsync<BrokerTlsException>(() => host.StartAsync(patience.Token));
        Assert.DoesNotContain('\n', refused.Message);
        Assert.StartsWith($"Broker amqps://{uri.Host}:{uri.Port}/: TLS refused, ", refused.Message);
        Assert.DoesNotContain("guest:guest", refused.Message); // no credentials in the error
        output.WriteLine(refused.Message);
        return refused.Message;
    }

    private static IHost BuildHost(Uri uri, Dictionary<string, string?> settings, CapturedLogs logs, Action<IBusRegistrationConfigurator> consumers)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMqUri"] = uri.ToString(),
            ["Messaging:EndpointPrefix"] = UniqueNames.For("tls"),
        });
        builder.AddPipelineBus(consumers);
        return builder.Build();
    }
}
