namespace GpoPipeline.Trajectories;

/// <summary>One selected prompt of the trajectory H (spec §1.3.8): step 0 is the initial prompt.</summary>
public sealed class TrajectoryRecord
{
    public int Step { get; set; }
    public string Prompt { get; set; } = "";
    public double DevScore { get; set; }

    /// <summary>
    /// The prompt's test score, when the run's profile scored it on test (the paper profile: every selected prompt,
    /// optimize.py line 989; production: the seed and the best-dev prompt); null otherwise.
    /// </summary>
    public double? TestScore { get; set; }

    /// <summary>Index of the candidate of its step that was picked; null for the initial prompt.</summary>
    public int? CandidateIndex { get; set; }
    public int? EditBudget { get; set; }
    public int? EditDistance { get; set; }

    /// <summary>The prompt's embedding once retrieval computed one (memoized: never paid for twice).</summary>
    public float[]? Embedding { get; set; }

    /// <summary>The embedding model that computed <see cref="Embedding"/>; null for vectors stored before it was recorded.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>A copy sharing no array with this one (<see cref="RunRecord.DeepCopy"/>).</summary>
    internal TrajectoryRecord DeepCopy()
    {
        var copy = (TrajectoryRecord)MemberwiseClone();
        copy.Embedding = (float[]?)Embedding?.Clone();
        return copy;
    }
}
