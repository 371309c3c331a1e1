namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>A control-plane document: a string key both adapters use as their primary key, and a version for compare-and-set.</summary>
public interface IStoredDocument
{
    string Id { get; set; }

    /// <summary>Incremented by every successful replace; inserts start at 1.</summary>
    long Version { get; set; }
}
