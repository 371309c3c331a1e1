namespace GpoPipeline.Llm.Tests;

/// <summary>ActivitySource and Meter listeners are process-wide: telemetry specs run alone so others' calls do not show up.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTelemetry
{
    public const string Name = "Telemetry";
}
