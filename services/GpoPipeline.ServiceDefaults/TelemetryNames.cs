namespace GpoPipeline.ServiceDefaults;

/// <summary>The ActivitySource and Meter names every host listens to.</summary>
public static class TelemetryNames
{
    /// <summary>Prefix of the product's own sources and meters (GpoPipeline.Scheduler, GpoPipeline.Llm, ...).</summary>
    public const string ProductWildcard = "GpoPipeline.*";

    /// <summary>MassTransit's ActivitySource and Meter (DiagnosticHeaders.DefaultListenerName).</summary>
    public const string MassTransit = "MassTransit";

    /// <summary>The MongoDB driver's built-in ActivitySource (driver 3.x).</summary>
    public const string MongoDbDriver = "MongoDB.Driver";

    /// <summary>Microsoft.Extensions.AI's default OpenTelemetry source, for clients built without a name.</summary>
    public const string ExtensionsAi = "Experimental.Microsoft.Extensions.AI";

    public static readonly string[] ActivitySources = [ProductWildcard, MassTransit, MongoDbDriver, ExtensionsAi];
    public static readonly string[] Meters = [ProductWildcard, MassTransit, ExtensionsAi];
}
