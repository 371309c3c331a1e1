namespace GpoPipeline.Trajectories;

/// <summary>State of one optimization step inside its run document.</summary>
public sealed class StepRecord
{
    public int Step { get; set; }
    public Contracts.StepKind Kind { get; set; }
    public StepStatus Status { get; set; }
    public int? EditBudget { get; set; }
    public List<CandidateRecord> Candidates { get; set; } = [];
    public List<string> Rejections { get; set; } = [];

    /// <summary>
    /// The prompts scored on <see cref="MinibatchExamples"/> before generation (<see cref="StepStatus.ScoringMinibatch"/>):
    /// the method's beam, index = position in the beam. Empty for methods that read no errors.
    /// </summary>
    public List<CandidateRecord> Probes { get; set; } = [];

    /// <summary>The train-split indices of the step's minibatch, in the order drawn (MinibatchPicker); empty when none.</summary>
    public List<int> MinibatchExamples { get; set; } = [];

    /// <summary>
    /// What happened when the step did not go the usual way, e.g. <see cref="Optimization.Candidates.KeptCurrentPrompt.Note"/>
    /// when no reply gave a usable candidate and the current prompt stayed (issue 15 point 3); null otherwise.
    /// </summary>
    public string? Note { get; set; }

    /// <summary>The similarity retrieval ranked the trajectory with at this step (issue 15 point 8); null when none was used.</summary>
    public string? Similarity { get; set; }

    /// <summary>How many times generation was retried because every candidate was rejected.</summary>
    public int GenerationAttempts { get; set; }

    /// <summary>
    /// The generations of this step whose usage the run was charged, by the id of their CandidatesGenerated message (a
    /// redelivered copy carries the same id; a second generation, e.g. by another worker from a redelivered request,
    /// has its own): each paid generation is charged once, whether the step took it or not.
    /// </summary>
    public List<Guid> ChargedGenerations { get; set; } = [];

    /// <summary>
    /// Token of the step's dispatched work: a BatchScored must carry it back; StepStarted and DirectionRetrieved carry
    /// it so a worker's refusal of the step's own work can be told from a forgery. Replaced when the step's candidates
    /// are recorded: their scoring has a token of its own (<see cref="OpeningWorkToken"/> keeps the first).
    /// </summary>
    public Guid WorkToken { get; set; }

    /// <summary>
    /// The token the step was opened with: the work sent before its candidates exist (the training minibatch's
    /// ScoreBatch, the generation request, so CandidatesGenerated) carries it. It outlives <see cref="WorkToken"/>'s
    /// replacement, so a genuine reply to that work arriving after the candidates (a second scorer's or generator's
    /// copy) is still told from a forgery, and charged. Empty for steps stored before it existed.
    /// </summary>
    public Guid OpeningWorkToken { get; set; }

    /// <summary>W3C trace id of the step's `gpo.step` activity, to find it in a tracing dashboard.</summary>
    public string? TraceId { get; set; }

    /// <summary>
    /// W3C traceparent of the step's `gpo.step` span (its trace id and span id). The step's work sent from another
    /// trace's message (a refill in a late reply of the step before, a watchdog re-drive) is parented on it, so that a
    /// step stays one trace. Null for steps stored before it existed: their work stays in the sender's trace.
    /// </summary>
    public string? TraceParent { get; set; }
    public DateTime StartedAt { get; set; }

    /// <summary>When the step's candidates were recorded and its ScoreBatch fan-out began (null before).</summary>
    public DateTime? ScoringStartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }

    /// <summary>A copy sharing no list or record with this one (<see cref="RunRecord.DeepCopy"/>).</summary>
    internal StepRecord DeepCopy()
    {
        var copy = (StepRecord)MemberwiseClone();
        copy.Candidates = Candidates.ConvertAll(candidate => candidate.Copy());
        copy.Rejections = [.. Rejections];
        copy.Probes = Probes.ConvertAll(probe => probe.Copy());
        copy.MinibatchExamples = [.. MinibatchExamples];
        copy.ChargedGenerations = [.. ChargedGenerations];
        return copy;
    }
}
