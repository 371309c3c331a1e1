using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.PromptGeneration;

/// <summary>Section <c>Generation</c>.</summary>
public sealed class GenerationOptions
{
    public const string Section = "Generation";

    /// <summary>Optimizer rounds per step when every reply is rejected (missing tags, duplicates, over budget).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;
}
