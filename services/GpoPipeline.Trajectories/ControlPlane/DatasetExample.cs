namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>One labelled example of a dataset version (the data/README.md line schema).</summary>
public sealed class DatasetExample
{
    public string Input { get; set; } = "";
    public List<string> References { get; set; } = [];
}
