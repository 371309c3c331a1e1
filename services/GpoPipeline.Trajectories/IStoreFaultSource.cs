namespace GpoPipeline.Trajectories;

/// <summary>
/// A store that can break for good within a process: the embedded LiteDB file after an I/O error. Liveness asks it, so
/// that an orchestrator restarts a process whose store no longer works (readiness alone only stops sending it work).
/// </summary>
public interface IStoreFaultSource
{
    /// <summary>Why the store no longer works in this process, or null while it does.</summary>
    StoreFault? Fault { get; }
}
