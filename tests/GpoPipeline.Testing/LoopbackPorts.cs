using System.Net;
using System.Net.Sockets;

namespace GpoPipeline.Testing;

/// <summary>
/// A loopback port for a child process the specs start on a port they must know in advance (a broker node, a
/// `gpo serve`, a simulator). Picked below the kernel's ephemeral range (32768–60999 here): a port the kernel hands
/// out for port 0 is also handed to every outgoing connection, so one picked there and released could be taken by
/// any of the specs' thousands of connections before the child bound it. Processes that can bind port 0 and say
/// which port they got should do that instead (the Aspire dashboard does).
/// </summary>
public static class LoopbackPorts
{
    private const int First = 20000;
    private const int AfterLast = 32768;

    public static int Free()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, AfterLast);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // held by someone else: try another
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {AfterLast - 1} after 200 tries.");
    }
}
