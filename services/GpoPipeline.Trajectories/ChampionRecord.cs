namespace GpoPipeline.Trajectories;

/// <summary>The production prompt of a task and where it came from (DESIGN §6).</summary>
public sealed class ChampionRecord
{
    public string Task { get; set; } = "";
    public string Prompt { get; set; } = "";
    public Guid? RunId { get; set; }
    public double? TestScore { get; set; }
    public DateTime PromotedAt { get; set; }
    public List<ChampionRecord> History { get; set; } = [];
}
