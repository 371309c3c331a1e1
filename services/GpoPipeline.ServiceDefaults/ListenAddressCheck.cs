using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// The addresses a service is told to listen on, checked before it starts, from where Kestrel takes them: the endpoints
/// of <c>Kestrel:Endpoints:&lt;name&gt;:Url</c> when there are any, else <c>urls</c> (<c>ASPNETCORE_URLS</c> or
/// <c>--urls</c>), else <c>http_ports</c>/<c>https_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>, which the official aspnet
/// images set to 8080). One that does not parse, or a port another process holds, failed inside Kestrel's start with
/// "Hosting failed to start" and a stack trace (exit 134). A port taken between this check and the start still fails there.
/// </summary>
internal sealed class ListenAddressCheck(IConfiguration configuration) : IStartupCheck
{
    public Task<string?> ProblemAsync(CancellationToken cancellationToken) => Task.FromResult(Problem());

    private string? Problem()
    {
        // A port that does not parse is a setting's error whatever the machine runs: named before any port is tried.
        if (PortsProblem() is { } ports)
        {
            return ports;
        }

        foreach (var (setting, url) in Addresses())
        {
            // Kestrel's wildcard hosts (BindingAddress): "*" and "+" listen on every address.
            var parsable = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(parsable, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
            {
                return $"{setting} is invalid: '{url}' is not an address to listen on; expected e.g. http://0.0.0.0:8080 (several separated by ';').";
            }

            if (address.Port != 0 && Listenable(address) is { } endpoint && Refusal(endpoint) is { } why)
            {
                return $"{setting}: cannot listen on {url}: {why}.";
            }
        }

        return null;
    }

    /// <summary>Each address with the setting it came from, in Kestrel's order of precedence.</summary>
    private IEnumerable<(string Setting, string Url)> Addresses()
    {
        var endpoints = KestrelEndpoints();
        if (endpoints.Count > 0)
        {
            return endpoints.Select(e => ($"Setting 'Kestrel:Endpoints:{e.Key}:Url'", e["Url"] ?? string.Empty));
        }

        if (!string.IsNullOrWhiteSpace(configuration["urls"]))
        {
            return Split(configuration["urls"]).Select(url => ("Setting 'urls' (ASPNETCORE_URLS)", url));
        }

        return Ports().Where(p => IsPort(p.Port)).Select(p => (p.Setting, $"{p.Scheme}://*:{p.Port}"));
    }

    /// <summary>A port of <c>http_ports</c>/<c>https_ports</c> that is not a port number, when Kestrel would read them.</summary>
    private string? PortsProblem() =>
        KestrelEndpoints().Count > 0 || !string.IsNullOrWhiteSpace(configuration["urls"])
            ? null
            : Ports().Where(p => !IsPort(p.Port))
                .Select(p => $"{p.Setting} is invalid: '{p.Port}' is not a port number; expected e.g. 8080 (several separated by ';').")
                .FirstOrDefault();

    private List<IConfigurationSection> KestrelEndpoints() => [.. configuration.GetSection("Kestrel:Endpoints").GetChildren()];

    private IEnumerable<(string Setting, string Scheme, string Port)> Ports() =>
        from scheme in Schemes
        from port in Split(configuration[$"{scheme}_ports"])
        select ($"Setting '{scheme}_ports' (ASPNETCORE_{scheme.ToUpperInvariant()}_PORTS)", scheme, port);

    private static readonly string[] Schemes = ["http", "https"];

    private static bool IsPort(string value) => int.TryParse(value, out var port) && port is >= 0 and <= 65535;

    private static string[] Split(string? value) =>
        (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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
