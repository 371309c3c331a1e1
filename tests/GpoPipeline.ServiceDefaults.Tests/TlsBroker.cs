using System.Diagnostics;
using GpoPipeline.Testing;

namespace GpoPipeline.ServiceDefaults.Tests;

/// <summary>
/// A private RabbitMQ node with a TLS listener, its certificate from a CA made for the occasion by the compose
/// stack's own compose/certs/make-certs.sh (openssl) in a temp folder; <see cref="Unavailable"/> says why not, if not.
/// </summary>
public sealed class TlsBroker : IAsyncLifetime
{
    private readonly string _certificates = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "gpo-tls-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public PrivateRabbitMqNode? Node { get; private set; }

    public string? Unavailable { get; private set; }

    public string CaFile => Path.Combine(_certificates, "ca.pem");

    /// <summary>The TLS listener by the name its certificate carries (localhost).</summary>
    public Uri Uri => Node!.TlsUri;

    public async Task InitializeAsync()
    {
        Unavailable = PrivateRabbitMqNode.Unavailable ?? (File.Exists("/usr/bin/openssl") ? null : "openssl is not installed (the spec makes its CA with it).");
        if (Unavailable is not null)
        {
            return;
        }

        File.Copy(Path.Combine(RepoPaths.Root, "compose", "certs", "make-certs.sh"), Path.Combine(_certificates, "make-certs.sh"));
        using (var openssl = Process.Start(new ProcessStartInfo("/bin/sh", [Path.Combine(_certificates, "make-certs.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!)
        {
            var output = openssl.StandardError.ReadToEndAsync();
            await openssl.StandardOutput.ReadToEndAsync();
            await openssl.WaitForExitAsync();
            if (openssl.ExitCode != 0)
            {
                throw new InvalidOperationException($"make-certs.sh exited {openssl.ExitCode}: {await output}");
            }
        }

        (Node, Unavailable) = await PrivateRabbitMqNode.StartWithTlsAsync(CaFile, Path.Combine(_certificates, "server.pem"), Path.Combine(_certificates, "server-key.pem"));
    }

    public async Task DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        Directory.Delete(_certificates, recursive: true);
    }
}
