namespace GpoPipeline.Optimization.Tasks;

/// <summary>How a task's answers are extracted and scored (data/README.md "Scoring in the GPO code").</summary>
public enum TaskKind
{
    MultipleChoice,
    Boolean,
    Numeric,
    DyckLanguages,
    WordSorting,

    /// <summary>Free text scored by ROUGE-L F1 (WebNLG).</summary>
    Generation,
}
