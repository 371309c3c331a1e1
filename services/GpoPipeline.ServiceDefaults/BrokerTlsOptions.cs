namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// How a host verifies the broker over TLS (section <c>Messaging:Tls</c>; TLS itself is on with an <c>amqps://</c>
/// URI). The broker's certificate must chain to the system's trusted roots or to <see cref="CaFile"/>, and name the
/// host the URI names (or <see cref="ServerName"/>).
/// </summary>
public sealed class BrokerTlsOptions
{
    /// <summary>A PEM (or DER) file with the CA certificate(s) that signed the broker's certificate, trusted on top of the system's roots.</summary>
    public string? CaFile { get; set; }

    /// <summary>The name the broker's certificate must carry; the URI's host when not set.</summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// Accept any broker certificate (encrypted, not authenticated: an impostor broker is not refused). Only for a
    /// throwaway setup; the host logs a warning at start.
    /// </summary>
    public bool AllowUntrustedCertificate { get; set; }
}
