namespace GpoPipeline.ServiceDefaults;

/// <summary>What every broker check and message says about a broker URI.</summary>
public static class BrokerUri
{
    /// <summary>
    /// The port a client connects to: the URI's, else AMQP's default for the scheme (<see cref="Uri"/> knows no default
    /// for amqp or amqps, so amqp://rabbitmq/ has port -1).
    /// </summary>
    public static int Port(Uri broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return broker is { IsDefaultPort: false, Port: > 0 } ? broker.Port : broker.Scheme == "amqps" ? 5671 : 5672;
    }

    /// <summary>The broker as a message may show it: scheme, host, port and virtual host, never the user's password.</summary>
    public static string Redacted(Uri broker) => $"{broker.Scheme}://{broker.Host}:{Port(broker)}{broker.AbsolutePath}";
}
