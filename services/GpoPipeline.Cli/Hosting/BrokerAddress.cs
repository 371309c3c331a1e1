using System.Net.Sockets;
using GpoPipeline.ServiceDefaults;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// The RabbitMQ URI given with --broker: checked for form, and probed over TCP before a bus is started, so an
/// unreachable broker is reported in seconds with what was tried (issue 18) instead of after MassTransit's retries.
/// </summary>
public static class BrokerAddress
{
    public const string Expected = "an amqp:// or amqps:// URI such as amqp://localhost:5672";

    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static Uri Parse(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || string.IsNullOrEmpty(uri.Host))
        {
            throw new UserInputException($"--broker {Redacted(value)}: expected {Expected}.");
        }

        return uri;
    }

    /// <summary>Fails with one line when nothing accepts a TCP connection at the broker's host and port.</summary>
    public static async Task EnsureAnswersAsync(Uri broker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var port = BrokerUri.Port(broker);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(broker.Host, port, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var why = ex is SocketException socket ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unknown host",
                _ => socket.Message,
            } : $"no answer within {ProbeTimeout.TotalSeconds:0} s";
            throw new UserInputException($"No RabbitMQ answers at {broker.Host}:{port} ({why}); check --broker and that the broker is running.", ex);
        }
    }

    /// <summary>A broker URI may carry a password: never print it.</summary>
    private static string Redacted(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo)
            ? value.Replace(uri.UserInfo, "***", StringComparison.Ordinal)
            : value;
}
