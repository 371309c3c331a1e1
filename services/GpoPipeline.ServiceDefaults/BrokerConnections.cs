using System.Security.Authentication;
using RabbitMQ.Client;

namespace GpoPipeline.ServiceDefaults;

/// <summary>Plain AMQP connections next to the bus's own (a login check, the work queues' declaration), with its TLS rules.</summary>
internal static class BrokerConnections
{
    public static ConnectionFactory Factory(Uri broker, BrokerCertificateValidator? tls, string name, TimeSpan timeout)
    {
        var factory = new ConnectionFactory
        {
            Uri = broker,
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = timeout,
            ClientProvidedName = name,
        };
        if (tls is not null)
        {
            factory.Ssl = new SslOption
            {
                Enabled = true,
                ServerName = tls.ServerName,
                Version = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateValidationCallback = tls.Validate,
            };
        }

        return factory;
    }
}
