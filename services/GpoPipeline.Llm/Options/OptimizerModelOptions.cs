using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.Llm;

/// <summary><c>Llm:Optimizer</c>: the model that writes candidates (spec §4: temperature 1.0, max 512 tokens, 8 per step).</summary>
public sealed class OptimizerModelOptions : ModelEndpointOptions
{
    public OptimizerModelOptions()
    {
        Temperature = 1.0;
        MaxOutputTokens = 512;
    }

    [Required]
    public override string? Model { get; set; }

    [Range(1, 128)]
    public int CandidatesPerStep { get; set; } = 8;
}
