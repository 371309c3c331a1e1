namespace GpoPipeline.SimulatedLlm.Data;

/// <summary>The form of a gold answer; decides how wrong answers and terse second-round answers look.</summary>
public enum AnswerKind
{
    MultipleChoice,
    Boolean,
    Numeric,
    Dyck,
    WordSorting,
    Generation,
    FreeText,
}
