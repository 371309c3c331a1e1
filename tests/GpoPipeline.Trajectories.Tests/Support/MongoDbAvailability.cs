using System.Net.Sockets;
using System.Text;

namespace GpoPipeline.Trajectories.Tests.Support;

/// <summary>
/// Where the MongoDB contract tests get a server: GPO_MONGODB_URI when set, otherwise a Testcontainers container,
/// which needs a Docker engine. Probed once, cheaply (Testcontainers' own probe would cost a failed start per test).
/// </summary>
public static class MongoDbAvailability
{
    public const string UriVariable = "GPO_MONGODB_URI";

    private static readonly Lazy<string?> Reason = new(Probe);

    public static string? ConfiguredUri =>
        Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } uri ? uri : null;

    /// <summary>Null when MongoDB tests can run; otherwise why they are skipped.</summary>
    public static string? SkipReason => Reason.Value;

    private static string? Probe() =>
        ConfiguredUri is not null || DockerEngineAnswers()
            ? null
            : $"MongoDB contract tests skipped: no Docker engine for Testcontainers and {UriVariable} not set";

    private static bool DockerEngineAnswers()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (host is { Length: > 0 } && !host.StartsWith("unix://", StringComparison.Ordinal))
        {
            // A remote or TCP engine: trust the configuration and let Testcontainers report a failure loudly.
            return true;
        }

        var socket = host is { Length: > 0 } ? host["unix://".Length..] : "/var/run/docker.sock";
        return File.Exists(socket) && Pings(socket);
    }

    private static bool Pings(string socketPath)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.ReceiveTimeout = 2000;
            socket.SendTimeout = 2000;
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            socket.Send(Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"));
            var buffer = new byte[256];
            var read = socket.Receive(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
