using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.Testing;
using GpoPipeline.Trajectories;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// One pipeline cluster (RabbitMQ, simulator) and one small run per runnable method except gpo, all submitted at
/// once so that the cases of <see cref="Methods_Specs"/> wait on runs that progress together.
/// </summary>
public sealed class MethodRuns : IAsyncLifetime
{
    private readonly Dictionary<string, Guid> runs = new(StringComparer.Ordinal);

    public PipelineCluster Cluster { get; private set; } = null!;

    public static IEnumerable<string> Methods => PipelineMethods.Runnable.Where(m => m != PipelineMethods.Default);

    /// <summary>The call budget of the methods that read errors (ProTeGi, PE2, the GPO code's APO): their minibatch calls count against it.</summary>
    public const long ErrorMethodsMaxCalls = 1500;

    public static RunSettings Settings(string method) => PipelineCluster.SmallRun("navigate", seed: 5) with
    {
        Method = method, Steps = 3, MaxCalls = StrategyCatalog.Create(method).MinibatchSize > 0 ? ErrorMethodsMaxCalls : null,
    };

    public async Task InitializeAsync()
    {
        Cluster = await PipelineCluster.StartAsync(scorers: 2);
        foreach (var method in Methods)
        {
            runs[method] = await Cluster.StartRunAsync(Settings(method));
        }
    }

    // Every run shares the two cores with the others: a generous budget for the last one.
    public Task<RunRecord> CompletedAsync(string method) => Cluster.WaitAsync(runs[method], seconds: 300);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
