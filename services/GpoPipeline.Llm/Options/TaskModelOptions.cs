using System.ComponentModel.DataAnnotations;

namespace GpoPipeline.Llm;

/// <summary><c>Llm:Task</c>: the model that answers task questions; deterministic by default (spec §4).</summary>
public sealed class TaskModelOptions : ModelEndpointOptions
{
    [Required]
    public override string? Model { get; set; }
}
