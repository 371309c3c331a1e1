using System.Runtime.InteropServices;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// The signal that asked this process to stop (Program.cs records it), so a cancelled run records what stopped it: a
/// SIGTERM from a container or systemd is not somebody's Ctrl+C (the CLI audit found every stop recorded as Ctrl+C).
/// </summary>
public static class StopSignal
{
    private static int _received = -1;

    public static void Record(PosixSignal signal) => Interlocked.CompareExchange(ref _received, (int)signal, -1);

    /// <summary>The reason a cancelled run records: the first signal received, or the caller's cancellation (tests, hosts).</summary>
    public static string CancelReason => Volatile.Read(ref _received) switch
    {
        (int)PosixSignal.SIGINT => "cancelled with Ctrl+C",
        (int)PosixSignal.SIGTERM => "cancelled by SIGTERM",
        _ => "cancelled: the command was stopped",
    };
}
