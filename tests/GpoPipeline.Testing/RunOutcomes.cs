using System.Collections.Concurrent;
using GpoPipeline.Contracts;

namespace GpoPipeline.Testing;

/// <summary>The run events the test saw on the bus.</summary>
public sealed class RunOutcomes
{
    public ConcurrentDictionary<Guid, RunCompleted> Completed { get; } = new();

    public ConcurrentDictionary<Guid, RunFailed> Failed { get; } = new();
}
