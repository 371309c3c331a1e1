using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// The addresses a service is told to listen on (<c>urls</c>: <c>ASPNETCORE_URLS</c> or <c>--urls</c>), checked before
/// it starts: one that does not parse, or a port another process holds, failed inside Kestrel's start with "Hosting
/// failed to start" and a stack trace (exit 134). A port taken between this check and the start still fails there.
/// </summary>
internal sealed class ListenAddressCheck(IConfiguration configuration) : IStartupCheck
{
    private const string Setting = "Setting 'urls' (ASPNETCORE_URLS)";

    public Task<string?> ProblemAsync(CancellationToken cancellationToken) => Task.FromResult(Problem());

    private string? Problem()
    {
        foreach (var url in (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcard hosts (BindingAddress): "*" and "+" listen on every address.
            var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            {
                return $"{Setting} is invalid: '{url}' is not an address to listen on; expected e.g. http://0.0.0.0:8080 (several separated by ';').";
            }

            if (address.Port != 0 && Listenable(address) is { } endpoint && Refusal(endpoint) is { } why)
            {
                return $"{Setting}: cannot listen on {url}: {why}.";
            }
        }

        return null;
    }

    /// <returns>The endpoint to try, or null for a host name other than localhost (Kestrel resolves those itself).</returns>
    private static IPEndPoint? Listenable(Uri address) => address.Host switch
    {
        "localhost" => new IPEndPoint(IPAddress.Loopback, address.Port),
        _ when IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) => new IPEndPoint(ip, address.Port),
        _ => null,
    };

    private static string? Refusal(IPEndPoint endpoint)
    {
        try
        {
            using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            // As Kestrel binds on Linux and macOS: a port left in TIME_WAIT by the last run is free, one being listened on is not.
            if (!OperatingSystem.IsWindows())
            {
                probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            }

            probe.Bind(endpoint);
            return null;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return $"port {endpoint.Port} is in use by another process; stop it or choose another port";
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            return $"{endpoint.Address} is not an address of this machine";
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
        {
            return $"port {endpoint.Port} needs privileges this process does not have; choose a port above 1023";
        }
    }
}
