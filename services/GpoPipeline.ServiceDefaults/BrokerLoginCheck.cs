using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// One AMQP login before a service starts. The bus does not retry a login the broker refused (ACCESS_REFUSED, or a
/// virtual host that does not exist or is not the user's): the host then logged "Hosting failed to start" with a stack
/// trace and aborted (exit 134). That is a setting to fix, so it stops the service with one line (exit 78) instead. A
/// broker that does not answer yet is left to the bus's retries, as in <see cref="BrokerTlsCheck"/>, which runs first.
/// </summary>
internal sealed partial class BrokerLoginCheck(Uri broker, BrokerCertificateValidator? tls, ILogger<BrokerLoginCheck> logger) : IStartupCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    // AMQP 0-9-1 reply codes (amqp0-9-1.xml): 403 access-refused, 530 not-allowed (a virtual host that does not exist).
    private const int AccessRefused = 403;
    private const int NotAllowed = 530;

    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        ConnectionFactory factory;
        try
        {
            factory = BrokerConnections.Factory(broker, tls, "gpo-login-check", Patience);
        }
        catch (ArgumentException ex)
        {
            // Only the client's words before their ':': what follows may be the user info, password and all ("Bad user
            // info in AMQP URI: user:pa:ss"). Thrown unhandled here, it aborted the host (exit 134) and printed it.
            return $"Setting 'Messaging:RabbitMqUri' is invalid: RabbitMQ.Client refuses {BrokerUri.Redacted(broker)} ({ex.Message.Split(':', 2)[0]}).";
        }

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await using var connection = await factory.CreateConnectionAsync(patience.Token);
            // A channel, too: the client may hand out a connection the broker is closing over its virtual host (the
            // refusal then surfaces here as AlreadyClosedException).
            await using (await connection.CreateChannelAsync(cancellationToken: patience.Token))
            {
            }

            await connection.CloseAsync(patience.Token);
            return null;
        }
        catch (Exception ex) when (Refusal(ex) is { } refusal)
        {
            return $"Broker {BrokerUri.Redacted(broker)}: {refusal}.";
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Broker {Host}:{Port} did not take a login yet ({Reason}); the bus keeps trying.", broker.Host, BrokerUri.Port(broker), ex.Message);
            return null;
        }
    }

    private string? Refusal(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case AuthenticationFailureException refused:
                    return $"the login of user '{User()}' was refused ({FirstSentence(refused.Message)}); check the user and password in Messaging:RabbitMqUri";
                case OperationInterruptedException { ShutdownReason: { } reason } when VirtualHostRefusal(reason) is { } why:
                    return $"virtual host '{VirtualHost()}' refused for user '{User()}' ({why}); check the path of Messaging:RabbitMqUri (\"/\" is the default virtual host)";
            }
        }

        return null;
    }

    /// <summary>
    /// The broker's words when it closed the connection over the virtual host. RabbitMQ.Client 7 may report the close
    /// as 491 with the broker's 530 reply inside its text ("… code=530, text='NOT_ALLOWED - vhost x not found' …").
    /// </summary>
    private static string? VirtualHostRefusal(ShutdownEventArgs reason)
    {
        var match = BrokerReply().Match(reason.ReplyText ?? string.Empty);
        return match.Success ? match.Value : reason.ReplyCode is AccessRefused or NotAllowed ? reason.ReplyText : null;
    }

    [GeneratedRegex("(NOT_ALLOWED|ACCESS_REFUSED) - [^']*")]
    private static partial Regex BrokerReply();

    private static string FirstSentence(string message) => message.Split(". ", 2)[0].TrimEnd('.');

    private string User() => Uri.UnescapeDataString(broker.UserInfo.Split(':', 2)[0]) is { Length: > 0 } user ? user : "guest";

    private string VirtualHost() => broker.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(broker.AbsolutePath[1..]);

    /// <summary>The port connected to: <see cref="Uri"/> knows no default for amqp(s), so amqp://rabbitmq/ has port -1.</summary>
    private int Port => broker.Port > 0 ? broker.Port : broker.Scheme == "amqps" ? 5671 : 5672;

    private string Redacted() => $"{broker.Scheme}://{broker.Host}:{Port}{broker.AbsolutePath}";
}
