namespace GpoPipeline.Pipeline.Tests;

/// <summary>Pipeline specs share one broker and two CPU cores: they run one after another.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerSpecs
{
    public const string Name = "broker";
}
