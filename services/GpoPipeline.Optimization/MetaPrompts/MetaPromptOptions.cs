using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>Meta-prompt settings; defaults are GPO's (spec §4).</summary>
public sealed record MetaPromptOptions
{
    public Refinement Refinement { get; init; } = Refinement.Generate;
    public PromptPosition Position { get; init; } = PromptPosition.QEnd;
    public ScoreDisplay ScoreDisplay { get; init; } = ScoreDisplay.Percent;
}
