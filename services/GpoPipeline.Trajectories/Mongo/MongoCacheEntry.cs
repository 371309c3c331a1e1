namespace GpoPipeline.Trajectories.Mongo;

/// <summary>One cached model response in the <c>cache</c> collection.</summary>
internal sealed class MongoCacheEntry
{
    public string Id { get; set; } = "";
    public byte[] Value { get; set; } = [];
    public DateTime StoredAt { get; set; }
}
