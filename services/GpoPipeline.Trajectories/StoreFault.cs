namespace GpoPipeline.Trajectories;

/// <summary>Why a store stopped working for the rest of this process's life (<see cref="IStoreFaultSource"/>).</summary>
/// <param name="File">The store's file.</param>
/// <param name="Kind">What the file holds ("run store", "control-plane store").</param>
/// <param name="Cause">The error that broke it.</param>
public sealed record StoreFault(string File, string Kind, Exception Cause, DateTimeOffset At)
{
    public string Describe() =>
        $"The {Kind} {File} stopped working at {At:u} ({Cause.GetType().Name}: {Cause.Message.TrimEnd('.')}): LiteDB closes its file after an I/O error " +
        "(a full disk, EIO) and every later call fails; only a restart of the process opens it again (its log is replayed).";
}
