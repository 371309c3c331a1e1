namespace GpoPipeline.Trajectories;

/// <summary>Argument checks both adapters apply, so bad input fails the same way whatever the store.</summary>
internal static class RunStoreArguments
{
    public static void Run(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        // An empty id would make LiteDB invent one and MongoDB store Guid.Empty: both hide a caller's bug.
        if (run.Id == Guid.Empty)
        {
            throw new ArgumentException("RunRecord.Id must be set (it is Guid.Empty).", nameof(run));
        }
    }

    public static void Key(string value, string what, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{what} must not be empty.", parameter);
        }
    }

    public static void Limit(int limit)
    {
        if (limit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The number of runs to list must be at least 1.");
        }
    }

    public static void Skip(int skip)
    {
        if (skip < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(skip), skip, "The number of documents to skip must not be negative.");
        }
    }
}
