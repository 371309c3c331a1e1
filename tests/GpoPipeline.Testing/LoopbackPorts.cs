using System.Net;
using System.Net.Sockets;

namespace GpoPipeline.Testing;

/// <summary>
/// A loopback port for a child process the specs start on a port they must know in advance (a broker node, a
/// `gpo serve`, a simulator). Picked below the kernel's ephemeral range (read from /proc; 32768–60999 here): a port
/// the kernel hands out for port 0 is also handed to every outgoing connection, so one picked there and released could
/// be taken by any of the specs' thousands of connections before the child bound it. Never the same port twice in one
/// test process, so two specs starting children at once cannot pick alike. Processes that can bind port 0 and say
/// which port they got should do that instead (the Aspire dashboard does).
/// </summary>
public static class LoopbackPorts
{
    private const int First = 20000;
    private static readonly HashSet<int> HandedOut = [];

    public static int Free()
    {
        var afterLast = EphemeralStart();
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(First, afterLast);
            lock (HandedOut)
            {
                if (!HandedOut.Contains(port) && Bindable(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {afterLast - 1} after 500 tries.");
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false; // held by someone else
        }
    }

    /// <summary>The first port of the kernel's ephemeral range; 32768 (Linux's default) where it cannot be read.</summary>
    private static int EphemeralStart()
    {
        const string Range = "/proc/sys/net/ipv4/ip_local_port_range";
        var fields = File.Exists(Range) ? File.ReadAllText(Range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : [];
        return fields.Length > 0 && int.TryParse(fields[0], out var start) && start > First + 1000 ? start : 32768;
    }
}
