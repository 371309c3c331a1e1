namespace GpoPipeline.Trajectories;

/// <summary>A candidate prompt of a step with its edit distance, budget compliance and dev score once scored.</summary>
public sealed class CandidateRecord
{
    public int Index { get; set; }
    public string Prompt { get; set; } = "";
    public int EditDistance { get; set; }
    public bool WithinBudget { get; set; }
    public double? DevScore { get; set; }

    /// <summary>A copy (every field is a value or a string).</summary>
    internal CandidateRecord Copy() => (CandidateRecord)MemberwiseClone();
}
