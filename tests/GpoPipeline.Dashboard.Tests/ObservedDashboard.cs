namespace GpoPipeline.Dashboard.Tests;

/// <summary>The dashboard and the observed run are started once for every spec that reads them.</summary>
[CollectionDefinition(Name)]
public sealed class ObservedDashboard : ICollectionFixture<ObservedRun>
{
    public const string Name = "Dashboard";
}
