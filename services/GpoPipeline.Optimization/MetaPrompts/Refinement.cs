namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>How the optimizer is asked to refine the prompt (spec §3.1).</summary>
public enum Refinement
{
    /// <summary>"Write a new improved prompt" — GPO's choice.</summary>
    Generate,

    /// <summary>"Modify the current prompt".</summary>
    Edit,
}
