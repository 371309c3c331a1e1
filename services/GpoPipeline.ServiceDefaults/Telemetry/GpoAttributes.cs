namespace GpoPipeline.ServiceDefaults;

/// <summary>
/// The product's own span, log-scope and metric attribute names. OpenTelemetry semantic conventions are used
/// where they exist (gen_ai.*, messaging.*, error.type); only what they do not cover is named gpo.*.
/// </summary>
public static class GpoAttributes
{
    public const string RunId = "gpo.run.id";
    public const string Task = "gpo.task";
    public const string Step = "gpo.step";
    public const string TotalSteps = "gpo.run.total_steps";

    /// <summary>baseline (step 0, the initial prompt), optimize (steps 1..T) or test (step T+1, the final evaluation).</summary>
    public const string Phase = "gpo.phase";
    public const string EditBudget = "gpo.edit_budget";
    public const string Candidate = "gpo.candidate";
    public const string Batch = "gpo.batch";
    public const string Split = "gpo.split";

    /// <summary>On gpo.batches.scored: <c>scorer</c> (a scorer's reply) or <c>memo</c> (every answer already in the store).</summary>
    public const string BatchSource = "gpo.batch.source";

    public const string StepCandidates = "gpo.step.candidates";
    public const string StepBestScore = "gpo.step.best_score";
    public const string StepSelectedCandidate = "gpo.step.selected_candidate";
    public const string StepSelectedScore = "gpo.step.selected_score";

    public const string RunStatus = "gpo.run.status";
    public const string RunBestDevScore = "gpo.run.best_dev_score";
    public const string RunBestTestScore = "gpo.run.best_test_score";
    public const string RunInitialTestScore = "gpo.run.initial_test_score";
    public const string RunCalls = "gpo.run.calls";
    public const string RunCacheHits = "gpo.run.cache_hits";

    /// <summary>Calls not made because the store held the answer (the scheduler's memo).</summary>
    public const string RunMemoHits = "gpo.run.memo_hits";
    public const string RunInputTokens = "gpo.run.input_tokens";
    public const string RunOutputTokens = "gpo.run.output_tokens";
    public const string RunCost = "gpo.run.cost";
    public const string RunStepsCompleted = "gpo.run.steps_completed";
}
