using System.Net;
using System.Net.Sockets;

namespace GpoPipeline.Testing;

/// <summary>
/// A loopback port nothing listens on for as long as this lives: a connection to it is refused. The port is held bound
/// (never listening) rather than taken from the OS and released: a released port is the kernel's to hand out again, to
/// the next host of a spec running alongside that binds port 0 (which then answers where the spec counted on a refusal)
/// or to an outgoing connection as its local port. A bound port is handed to neither.
/// </summary>
public sealed class ClosedPort : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public ClosedPort()
    {
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public void Dispose() => socket.Dispose();
}
