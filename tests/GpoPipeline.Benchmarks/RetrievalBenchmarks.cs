using BenchmarkDotNet.Attributes;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Benchmarks;

/// <summary>One step's update direction and meta-prompt over a long trajectory.</summary>
[MemoryDiagnoser]
public class RetrievalBenchmarks
{
    private static readonly DirectionOptions Options = new();
    private Trajectory _trajectory = null!;
    private float[][] _embeddings = null!;
    private UpdateDirection _direction = null!;
    private Example[] _examples = null!;

    [Params(200, 1000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _trajectory = SyntheticTrajectory.Build(Entries);
        _embeddings = SyntheticTrajectory.Embeddings(Entries);
        _direction = DirectionRetriever.Retrieve(_trajectory, Options, _embeddings);
        _examples = [Example.Of("not True or False is", "True"), Example.Of("True and False is", "False"), Example.Of("not not True is", "True")];
    }

    [Benchmark]
    public UpdateDirection RelevanceWithEmbeddings() => DirectionRetriever.Retrieve(_trajectory, Options, _embeddings);

    [Benchmark]
    public UpdateDirection RelevanceLexical() => DirectionRetriever.Retrieve(_trajectory, Options);

    [Benchmark]
    public string MetaPromptBuild() => MetaPromptBuilder.Build(_direction, _examples, 42);

    [Benchmark]
    public string LexicalRetrievalPlusMetaPrompt() =>
        MetaPromptBuilder.Build(DirectionRetriever.Retrieve(_trajectory, Options), _examples, 42);
}
