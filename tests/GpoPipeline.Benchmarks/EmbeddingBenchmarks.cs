using BenchmarkDotNet.Attributes;
using GpoPipeline.Embeddings;

namespace GpoPipeline.Benchmarks;

/// <summary>
/// The shipped all-MiniLM-L6-v2 in process (issue 15 point 8): what relevance retrieval pays per prompt when no
/// embedding endpoint is configured. DirectionRetrieval re-encodes a step's whole trajectory (no stored vectors).
/// </summary>
[MemoryDiagnoser]
public class EmbeddingBenchmarks
{
    private string[] _trajectory = null!;

    [Params(1, 20)]
    public int Prompts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _trajectory = [.. SyntheticTrajectory.Build(Prompts).Entries.Select(e => e.Prompt)];
        MiniLmSentenceEncoder.Shared.Encode(_trajectory); // load the model outside the measurement
    }

    [Benchmark]
    public IReadOnlyList<float[]> EncodeTrajectory() => MiniLmSentenceEncoder.Shared.Encode(_trajectory);
}
