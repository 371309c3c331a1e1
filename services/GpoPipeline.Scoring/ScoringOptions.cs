using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.Scoring;

/// <summary>Section <c>Scoring</c>: how much one Scoring process takes on at once.</summary>
public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>ScoreBatch messages one process scores concurrently (each batch runs its examples concurrently too).</summary>
    [Range(1, 1024)]
    public int ConcurrentMessageLimit { get; set; } = 8;
}
