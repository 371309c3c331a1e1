namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// The broker's TLS certificate was refused (untrusted, or not for the broker's name): a setting to fix, not a broker
/// to wait for. An IOException, so the CLI reports it in one line like other connection problems.
/// </summary>
public sealed class BrokerTlsException : IOException
{
    public BrokerTlsException()
    {
    }

    public BrokerTlsException(string message)
        : base(message)
    {
    }

    public BrokerTlsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
