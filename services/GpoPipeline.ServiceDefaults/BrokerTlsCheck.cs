using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// One TLS handshake with the broker before the bus starts. The bus retries a failed connection forever, which is
/// right for a broker that is down and wrong for a certificate that will never be accepted: that one stops the host
/// with a line saying what to fix. A broker that does not answer yet is left to the bus's retries. A service host runs
/// it before it starts (<see cref="IStartupCheck"/>, a refusal exits 78); any other host (the CLI's) when it starts,
/// where a refusal throws <see cref="BrokerTlsException"/>.
/// </summary>
internal sealed class BrokerTlsCheck(Uri broker, BrokerCertificateValidator validator, bool allowUntrusted, ILogger<BrokerTlsCheck> logger)
    : IHostedService, IStartupCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private bool _done;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await ProblemAsync(cancellationToken) is { } refusal)
        {
            throw new BrokerTlsException(refusal);
        }
    }

    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        // Once per process: the host's start after a passed pre-start check shakes no second hand.
        if (_done)
        {
            return null;
        }

        var problem = await HandshakeAsync(cancellationToken);
        _done = problem is null;
        return problem;
    }

    private async Task<string?> HandshakeAsync(CancellationToken cancellationToken)
    {
        if (allowUntrusted)
        {
            logger.LogWarning(
                "Messaging:Tls:AllowUntrustedCertificate is on: the broker {Host}'s certificate is not verified, so an impostor broker would be accepted.",
                broker.Host);
            return null;
        }

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(broker.Host, Port, patience.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Broker {Host}:{Port} does not answer yet ({Reason}); the bus keeps trying.", broker.Host, Port, ex.Message);
            return null;
        }

        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = validator.ServerName, RemoteCertificateValidationCallback = validator.Validate },
                patience.Token);
        }
        catch (AuthenticationException) when (validator.LastRefusal is { } refusal)
        {
            return $"Broker {BrokerUri.Redacted(broker)}: TLS refused, {refusal}.";
        }
        catch (Exception ex) when (ex is IOException or AuthenticationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("TLS handshake with broker {Host}:{Port} did not finish ({Reason}); the bus keeps trying.", broker.Host, Port, ex.Message);
        }

        return null;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private int Port => BrokerUri.Port(broker);
}
