using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// The check of the broker's certificate, explicit rather than the transport's default (MassTransit's TLS settings
/// accept a certificate chain error unless told otherwise, so an impostor broker would pass): the certificate must be
/// for <see cref="ServerName"/> and chain to the system's roots or to the configured CA file. Remembers why it
/// refused the last certificate, for a one-line error.
/// </summary>
public sealed class BrokerCertificateValidator
{
    /// <summary>The TLS server authentication extended key usage (RFC 5280 §4.2.1.12).</summary>
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private readonly X509Certificate2Collection _authorities;
    private readonly bool _allowUntrusted;

    public BrokerCertificateValidator(Uri broker, BrokerTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(options);
        ServerName = string.IsNullOrWhiteSpace(options.ServerName) ? broker.Host : options.ServerName;
        _allowUntrusted = options.AllowUntrustedCertificate;
        _authorities = string.IsNullOrWhiteSpace(options.CaFile) ? [] : LoadAuthorities(options.CaFile);
    }

    /// <summary>The name the certificate must carry (the TLS client's target host).</summary>
    public string ServerName { get; }

    /// <summary>Why the last certificate was refused, or null.</summary>
    public string? LastRefusal { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_allowUntrusted)
        {
            return true;
        }

        LastRefusal = Refusal(certificate, chain, errors);
        return LastRefusal is null;
    }

    private string? Refusal(X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the broker sent no certificate";
        }

        using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"its certificate ({presented.Subject}) is not for '{ServerName}' (set Messaging:Tls:ServerName to the name it carries, or connect by that name)";
        }

        if (!errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            return null; // trusted by the system's roots
        }

        if (_authorities.Count == 0)
        {
            return $"its certificate ({presented.Subject}, issued by {presented.Issuer}) is not trusted by this system's roots (set Messaging:Tls:CaFile to the CA that signed it)";
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a private CA rarely publishes a CRL (docs/broker-security.md)
        custom.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        if (sent is not null)
        {
            foreach (var element in sent.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate); // intermediates the broker sent
            }
        }

        if (custom.Build(presented))
        {
            return null;
        }

        var reasons = string.Join(", ", custom.ChainStatus.Select(s => s.Status).Distinct());
        return $"its certificate ({presented.Subject}, issued by {presented.Issuer}) does not chain to Messaging:Tls:CaFile or the system's roots ({reasons})";
    }

    private static X509Certificate2Collection LoadAuthorities(string file)
    {
        if (!File.Exists(file))
        {
            throw new BrokerTlsException($"Setting 'Messaging:Tls:CaFile' is invalid: {file} does not exist (expected the PEM file of the CA that signed the broker's certificate).");
        }

        try
        {
            var authorities = new X509Certificate2Collection();
            if (File.ReadAllText(file).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                authorities.ImportFromPemFile(file);
            }
            else
            {
                authorities.Add(X509CertificateLoader.LoadCertificateFromFile(file));
            }

            return authorities.Count > 0 ? authorities : throw new CryptographicException("no certificate in it");
        }
        catch (CryptographicException ex)
        {
            throw new BrokerTlsException($"Setting 'Messaging:Tls:CaFile' is invalid: {file} is not a PEM or DER certificate file ({ex.Message.ReplaceLineEndings(" ")}).", ex);
        }
    }
}
