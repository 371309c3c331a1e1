namespace GpoPipeline.Trajectories;

/// <summary>Where one step is in its message flow (DESIGN §2).</summary>
public enum StepStatus
{
    /// <summary>StepStarted published; waiting for the direction and the candidates.</summary>
    Generating,

    /// <summary>Candidates recorded; ScoreBatch fanned out; waiting for every BatchScored.</summary>
    Scoring,

    Completed,
    Failed,

    /// <summary>
    /// Before <see cref="Generating"/>, for a method that reads errors (ProTeGi, PE2, the GPO code's APO): the beam
    /// prompts are scored on a training minibatch; the generation request then carries their answers.
    /// </summary>
    ScoringMinibatch,
}
