namespace GpoPipeline.Trajectories.Embedded;

/// <summary>Another process has the embedded store file open; the message names it and what to do.</summary>
public sealed class StoreFileInUseException : IOException
{
    public StoreFileInUseException()
    {
    }

    public StoreFileInUseException(string message)
        : base(message)
    {
    }

    public StoreFileInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreFileInUseException(string storeFile, string holder)
        : this(storeFile, holder, LiteDbRunStore.Kind)
    {
    }

    /// <param name="kind">What the file holds ("run store", "control-plane store").</param>
    public StoreFileInUseException(string storeFile, string holder, string kind)
        : base($"The {kind} {storeFile} is in use by {holder}; one process at a time may open a store file: wait for it to finish (or stop it), or use another store file (gpo: --store; a service: Store:ConnectionString).")
    {
        StoreFile = storeFile;
        Holder = holder;
    }

    public string? StoreFile { get; }

    public string? Holder { get; }
}
