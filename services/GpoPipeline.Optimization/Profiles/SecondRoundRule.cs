namespace GpoPipeline.Optimization.Profiles;

/// <summary>When the task model is asked the second, format-forcing turn (spec §5.3).</summary>
public enum SecondRoundRule
{
    /// <summary>
    /// Only when the first answer gives the normaliser nothing to work with (<see cref="Tasks.AnswerPresence"/>):
    /// a model that already answers in the expected form costs one call per example, not two.
    /// </summary>
    WhenAnswerNotFound,

    /// <summary>
    /// The official code: only for the Llama-2 chat task models (eval_utils.py lines 562-567 and 635), whatever the
    /// first answer was; every other model is scored on its first answer.
    /// </summary>
    Llama2ChatModelsOnly,
}
