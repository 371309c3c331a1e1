using GpoPipeline.Contracts;
using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Candidates;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Selection;
using GpoPipeline.Optimization.Trajectories;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>
/// The run's lifecycle in one place (DESIGN §2): (run document, message) → (changed document, work to send).
/// No I/O, no clock, no randomness: time and new work tokens are arguments. The driver loads the run, applies one
/// of these under compare-and-set, and dispatches the work only when its write won.
/// </summary>
public static class RunLifecycle
{
    /// <summary>A new run: step 0 (baseline) scores the initial prompt on dev (spec §1.1).</summary>
    public static (RunRecord Run, Transition Transition) Create(
        Guid runId, RunSettings settings, RunPlan plan, IReadOnlyDictionary<string, string> datasetSplits, DateTime now, string? runTraceParent, Guid workToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(plan);
        var task = plan.Dataset.Task;
        var run = new RunRecord
        {
            Id = runId,
            Settings = settings,
            Configuration = plan.RecordedConfiguration,
            Task = task.Name,
            TaskKind = task.Kind.ToString(),
            DatasetSplits = new Dictionary<string, string>(datasetSplits, StringComparer.Ordinal),
            Status = RunStatus.Running,
            TotalSteps = plan.TotalSteps,
            DevCount = plan.DevCount,
            TrainCount = plan.Dataset.Splits.TryGetValue(Split.Train, out var train) ? train.Count : 0,
            TestCount = plan.TestCount,
            RunTraceParent = runTraceParent,
            CreatedAt = now,
            UpdatedAt = now,
            Steps = [new StepRecord
            {
                Step = 0,
                Kind = StepKind.Baseline,
                Status = StepStatus.Scoring,
                Candidates = [new CandidateRecord { Index = 0, Prompt = settings.InitialPrompt, WithinBudget = true }],
                WorkToken = workToken,
                OpeningWorkToken = workToken,
                StartedAt = now,
                ScoringStartedAt = now,
            }],
        };
        return (run, Transition.To(new ScoreStep(0, StepSplits.Batches(run, run.Steps[0]))));
    }

    /// <summary>The optimizer's candidates for the current step: record them and fan out their scoring.</summary>
    public static Transition RecordCandidates(RunRecord run, CandidatesGenerated generated, DateTime now, Guid workToken, int maxPromptChars)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(generated);
        if (ReplyChecks.Judge(run, generated).Fit != ReplyFit.Accept)
        {
            return Transition.None;
        }

        var step = run.Steps[^1];
        var tooLong = generated.Candidates.Where(c => c.Prompt.Length > maxPromptChars).ToList();
        step.Rejections = [.. generated.Rejections, .. tooLong.Select(c =>
            $"candidate {c.CandidateIndex}: {c.Prompt.Length} characters, over the limit of {maxPromptChars} (Scheduler:MaxPromptChars)")];
        RememberEmbeddings(run, generated.Embeddings);
        if (generated.Similarity is { } similarity)
        {
            step.Similarity = similarity;
            run.Similarity = similarity;
        }

        step.Candidates = [.. generated.Candidates.Except(tooLong).Select(c => new CandidateRecord
        {
            Index = c.CandidateIndex, Prompt = c.Prompt, EditDistance = c.EditDistance, WithinBudget = c.WithinBudget,
        })];
        if (step.Candidates.Count == 0)
        {
            // Issue 15 point 3: the official code never fails a run here (optimize.py lines 39-49). The current prompt
            // is the step's only candidate; its answers are memoized, so scoring it again costs no call, and selection
            // falls back to it as every candidate was picked before. The step records why.
            var kept = KeptCurrentPrompt.For(CurrentTrajectory(run), KeptCurrentIndex(run, generated));
            step.Candidates = [new CandidateRecord { Index = kept.Index, Prompt = kept.Prompt, EditDistance = 0, WithinBudget = true }];
            step.Note = KeptCurrentPrompt.Note;
        }

        step.Status = StepStatus.Scoring;
        step.WorkToken = workToken;
        step.ScoringStartedAt = now;
        return Transition.To(new ScoreStep(step.Step, StepSplits.Batches(run, step)));
    }

    /// <summary>
    /// When every batch of the current step is recorded: close it (pick the next prompt, spec §1.3.7), then open the
    /// next step with its edit budget (spec §3.2), or the test evaluation, or finish the run.
    /// </summary>
    public static Transition Advance(RunRecord run, IReadOnlyList<BatchScoreRecord> stepScores, DateTime now, Guid workToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(stepScores);
        var step = run.Steps.LastOrDefault();
        if (run.Status != RunStatus.Running || step is null || step.Status is not (StepStatus.Scoring or StepStatus.ScoringMinibatch)
            || StepSplits.Missing(run, step, stepScores.Select(BatchKey.Of)).Count > 0)
        {
            return Transition.None;
        }

        if (step.Status == StepStatus.ScoringMinibatch)
        {
            // The beam's answers on the training minibatch are memoized: now the optimizer can be asked (with the errors).
            step.Status = StepStatus.Generating;
            return Transition.To(new OpenStep(step.Step));
        }

        var split = StepSplits.SplitOf(step.Kind);
        var means = stepScores.Where(s => s.Step == step.Step && s.Split == split)
            .GroupBy(s => s.CandidateIndex)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Score) / Math.Max(1, g.Sum(s => s.Total)));
        foreach (var candidate in step.Candidates)
        {
            candidate.DevScore = means.GetValueOrDefault(candidate.Index);
        }

        step.Status = StepStatus.Completed;
        step.CompletedAt = now;
        if (step.Kind == StepKind.Test)
        {
            // Candidate i is the prompt first selected at trajectory step i: 0 the seed, then the best-dev prompt (spec
            // §9) and, in the paper profile, every other selected prompt (optimize.py lines 463 and 989).
            var plan = step.Candidates.Select(c => new TestPrompt(c.Index, c.Prompt)).ToList();
            var trajectory = run.Trajectory.Select(t => new TrajectoryEntry(t.Prompt, t.DevScore, t.Step)).ToList();
            var byStep = TestEvaluationPlan.ScoresByStep(trajectory, plan, means);
            for (var i = 0; i < run.Trajectory.Count; i++)
            {
                run.Trajectory[i].TestScore = byStep[i];
            }

            run.InitialTestScore = means.GetValueOrDefault(0);
            var bestPrompt = run.BestPrompt ?? run.Trajectory[0].Prompt;
            run.BestTestScore = run.Trajectory.FirstOrDefault(t => string.Equals(t.Prompt, bestPrompt, StringComparison.Ordinal))?.TestScore
                ?? run.InitialTestScore;
            run.Status = RunStatus.Completed;
            return Transition.To(new Finish());
        }

        var entry = step.Kind == StepKind.Baseline
            ? new TrajectoryRecord { Step = 0, Prompt = step.Candidates[0].Prompt, DevScore = means.GetValueOrDefault(0) }
            : StrategySearch.IsStrategyRun(run) ? StrategySearch.Pick(step) : Pick(run, step);
        run.Trajectory.Add(entry);

        // Best-dev prompt is the one reported (spec §9 recommendation); ties keep the earliest.
        var best = run.Trajectory.OrderByDescending(t => t.DevScore).ThenBy(t => t.Step).First();
        run.BestPrompt = best.Prompt;
        run.BestDevScore = best.DevScore;
        var completed = new Announce(new StepCompleted
        {
            RunId = run.Id, Step = step.Step, TotalSteps = run.TotalSteps, Prompt = entry.Prompt, DevScore = entry.DevScore,
        });

        if (step.Step < run.TotalSteps)
        {
            run.CurrentStep = step.Step + 1;
            var next = new StepRecord
            {
                Step = run.CurrentStep,
                Kind = StepKind.Optimize,
                Status = StepStatus.Generating,
                EditBudget = EditBudget.For(BudgetOptions(run), run.Trajectory.Count, run.TotalSteps),
                WorkToken = workToken, // carried by StepStarted: a worker's refusal of this step's work names it
                OpeningWorkToken = workToken, // and by its minibatch and CandidatesGenerated, after the candidates too
                StartedAt = now,
            };
            run.Steps.Add(next);
            return StrategySearch.DrawMinibatch(run, next, workToken, now)
                ? Transition.To(completed, new ScoreStep(next.Step, StepSplits.MinibatchBatches(run, next)))
                : Transition.To(completed, new OpenStep(run.CurrentStep));
        }

        run.CurrentStep = run.TotalSteps + 1;
        // Candidate index = the trajectory step the prompt was first selected at (TestEvaluationPlan).
        var testCandidates = TestPlan(run, best).Select(p => new CandidateRecord { Index = p.CandidateIndex, Prompt = p.Prompt }).ToList();

        var test = new StepRecord
        {
            Step = run.CurrentStep, Kind = StepKind.Test, Status = StepStatus.Scoring, Candidates = testCandidates,
            WorkToken = workToken, OpeningWorkToken = workToken, StartedAt = now, ScoringStartedAt = now,
        };
        run.Steps.Add(test);
        return Transition.To(completed, new ScoreStep(test.Step, StepSplits.Batches(run, test)));
    }

    /// <summary>
    /// True when the run's current step is scoring and still misses batches with these scores, so that
    /// <see cref="Advance"/> cannot close it. Conclusive on a stale copy of a run whose step was scoring: a scoring
    /// step's candidates and batches no longer change, a later step is judged on its own scores, and a run that left
    /// Running does not advance at all; so the caller may skip the compare-and-set round that would change nothing.
    /// </summary>
    public static bool StillScoring(RunRecord run, IReadOnlyCollection<BatchKey> recorded)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(recorded);
        var step = run.Steps.LastOrDefault();
        return run.Status == RunStatus.Running && step is { Status: StepStatus.Scoring }
            && StepSplits.Missing(run, step, recorded).Count > 0;
    }

    /// <summary>What the current step still waits for (a resume, a redelivered StartRun, the watchdog).</summary>
    public static IReadOnlyList<RunWork> Pending(RunRecord run, IReadOnlyCollection<BatchKey> recorded)
    {
        ArgumentNullException.ThrowIfNull(run);
        var step = run.Steps.LastOrDefault();
        if (run.Status != RunStatus.Running || step is null)
        {
            return [];
        }

        return step.Status switch
        {
            StepStatus.Generating => [new OpenStep(step.Step)],
            StepStatus.Scoring or StepStatus.ScoringMinibatch => [new ScoreStep(step.Step, StepSplits.Missing(run, step, recorded))],
            _ => [],
        };
    }

    /// <summary>
    /// Whether to charge the usage of a generation of the step <paramref name="generated"/> names, and remember it as
    /// charged: every paid generation once (issue 13 §5), whether the step took it, it came back after the run stopped or
    /// the step moved on (a cancel landing while the optimizer worked), or a second worker generated the step again from
    /// a redelivered request. <paramref name="generationId"/> names the generation: its message's id, which a
    /// redelivered copy keeps (<see cref="Guid.Empty"/> when the message had none: such replies are charged once per
    /// step). At most <see cref="MaxChargedGenerations"/> per step, so forged replies cannot grow the run without bound; one
    /// without its step's work token (<see cref="StepWorkTokens"/>) was never asked for, and is not charged.
    /// </summary>
    public static bool ChargeGeneration(RunRecord run, CandidatesGenerated generated, Guid generationId)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(generated);
        var step = run.Steps.FirstOrDefault(s => s.Step == generated.Step);
        if (step is null || !StepWorkTokens.Carries(step, generated) || step.ChargedGenerations.Contains(generationId) || step.ChargedGenerations.Count >= MaxChargedGenerations)
        {
            return false;
        }

        step.ChargedGenerations.Add(generationId);
        return true;
    }

    /// <summary>Whether the step counts the generation <paramref name="generationId"/> as charged (<see cref="ChargeGeneration"/>).</summary>
    public static bool IsCharged(RunRecord run, int step, Guid generationId)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Steps.FirstOrDefault(s => s.Step == step)?.ChargedGenerations.Contains(generationId) == true;
    }

    /// <summary>More generations than any step asks for (one, one more per resume or redelivered request).</summary>
    public const int MaxChargedGenerations = 32;

    public static Transition Cancel(RunRecord run, string reason)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Status is not (RunStatus.Running or RunStatus.Pending))
        {
            return Transition.None;
        }

        run.Status = RunStatus.Cancelled;
        run.FailureReason = Reason(reason, "cancelled");
        return Transition.To();
    }

    /// <summary>
    /// A reason comes from a message (a CancelRun's text, a fault's exception message) and goes into the run's
    /// document: at most <see cref="ReplyChecks.MaxNoteChars"/> characters, so no message can make the document too
    /// large to store (MongoDB refuses documents over 16 MB, and then the cancel or the failure would never land).
    /// </summary>
    public static string Reason(string? reason, string fallback) =>
        string.IsNullOrWhiteSpace(reason) ? fallback
        : reason.Length <= ReplyChecks.MaxNoteChars ? reason
        : string.Concat(reason.AsSpan(0, ReplyChecks.MaxNoteChars - 1), "…");

    /// <summary>The run's budget cannot pay for the next work: stop cleanly, keeping everything so far.</summary>
    public static Transition StopForBudget(RunRecord run, string detail)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Status != RunStatus.Running)
        {
            return Transition.None;
        }

        run.Status = RunStatus.StoppedBudget;
        run.FailureReason = $"stopped: budget — {detail}";
        return Transition.To(new Finish());
    }

    public static Transition Fail(RunRecord run, string reason, int? step)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled or RunStatus.StoppedBudget)
        {
            return Transition.None;
        }

        run.Status = RunStatus.Failed;
        run.FailureReason = Reason(reason, "failed");
        return Transition.To(new Announce(new RunFailed { RunId = run.Id, Reason = run.FailureReason, Step = step }));
    }

    /// <summary>
    /// A StartRun kept failing after its run was created (its Fault; <see cref="RunDriver.FailStartAsync"/> creates the
    /// run failed when it was not). The delivery that creates a run leaves it at its baseline (step 0, scoring) and then
    /// sends that step's batches; what throws after the creation is taking a kept cancel (the run is then Cancelled,
    /// final) or sending those batches (broker, store), and a redelivered copy only re-sends them: the run is left
    /// Running at its baseline, and fails here so its submitter hears why. A run past its baseline was moved on by
    /// replies, not by its StartRun: a fault naming it is a duplicate StartRun's failed re-send or a forgery (every
    /// broker user may publish faults) and changes nothing. A baseline answered wholly from the memo closes within the
    /// StartRun's delivery, which then sends step 1's StepStarted; if that send fails, the run waits at step 1 — not
    /// failed here, as it cannot be told from a run that replies moved there, and the watchdog re-sends its work.
    /// </summary>
    public static Transition FailStart(RunRecord run, string reason)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Status == RunStatus.Running && run.Steps is [{ Step: 0, Kind: StepKind.Baseline }]
            ? Fail(run, reason, null)
            : Transition.None;
    }

    /// <summary>
    /// A worker refused work this run sent as unfit (an example over the scorers' Limits:MaxExampleChars, say). Sent
    /// again it is refused again, so the run would wait for it forever: it fails, naming the refusal. Only the run's own
    /// open work counts — the open step's work token, and the very batch the scheduler cuts (prompt, range, examples as
    /// the run's dataset holds them); a refused forgery or altered copy changes nothing.
    /// </summary>
    /// <param name="splitExamples">The examples of the refused batch's split, as the run's dataset holds them.</param>
    public static Transition FailRefusedWork(RunRecord run, ScoreBatch refused, string why, IReadOnlyList<Example> splitExamples)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(refused);
        ArgumentNullException.ThrowIfNull(splitExamples);
        return IsOpenWork(run, refused, splitExamples)
            ? Fail(run, $"a scorer refused the work of step {refused.Step} (candidate {refused.CandidateIndex}, batch {refused.BatchIndex}): {why}", refused.Step)
            : Transition.None;
    }

    /// <summary>
    /// The retrieval or generation worker refused the open step's work as unfit (a trajectory over its
    /// Limits:MaxTrajectoryEntries, say): sent again it is refused again, so the run fails naming the refusal. Only the
    /// open generating step's own work counts (its work token); a refused forgery, or a copy of an older step, changes nothing.
    /// </summary>
    public static Transition FailRefusedStep(RunRecord run, int step, Guid workToken, string worker, string why)
    {
        ArgumentNullException.ThrowIfNull(run);
        var open = run.Status == RunStatus.Running && run.Steps.Count > 0 ? run.Steps[^1] : null;
        return open is { Status: StepStatus.Generating } && open.Step == step && workToken != Guid.Empty && open.WorkToken == workToken
            ? Fail(run, $"the {worker} worker refused the work of step {step}: {why}", step)
            : Transition.None;
    }

    /// <summary>
    /// Work kept failing (its Fault, not a refusal): the run fails only when the faulted message is the open step's own
    /// work — its step and work token — so the fault of a forged or stale message changes nothing. Every work message
    /// carries its token; one sent without (<see cref="Guid.Empty"/> on the wire) was never the run's work.
    /// </summary>
    public static Transition FailFaultedWork(RunRecord run, int step, Guid workToken, string reason)
    {
        ArgumentNullException.ThrowIfNull(run);
        var open = run.Status == RunStatus.Running && run.Steps.Count > 0 ? run.Steps[^1] : null;
        var own = open is not null && open.Step == step && workToken != Guid.Empty && workToken == open.WorkToken;
        return own ? Fail(run, reason, step) : Transition.None;
    }

    /// <summary>Whether <paramref name="sent"/> may be this run's open work (its token is the open step's): then its split is worth reading.</summary>
    public static bool MayBeOpenWork(RunRecord run, ScoreBatch sent)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(sent);
        return run.Status == RunStatus.Running && run.Steps.Count > 0 && run.Steps[^1].Step == sent.Step
            && sent.WorkToken != Guid.Empty && run.Steps[^1].WorkToken == sent.WorkToken
            && sent.Split is not null && StepSplits.Find(run, run.Steps[^1], sent.Split, sent.CandidateIndex, sent.BatchIndex) is not null;
    }

    private static bool IsOpenWork(RunRecord run, ScoreBatch sent, IReadOnlyList<Example> splitExamples)
    {
        if (!MayBeOpenWork(run, sent) || StepSplits.Find(run, run.Steps[^1], sent.Split, sent.CandidateIndex, sent.BatchIndex) is not { } batch
            || batch.From != sent.From || batch.To != sent.To || !string.Equals(batch.Prompt, sent.Prompt, StringComparison.Ordinal))
        {
            return false;
        }

        var examples = sent.Examples ?? [];
        return examples.Count > 0 && examples.All(e => e is not null && e.Index >= batch.From && e.Index < batch.To && e.Index < splitExamples.Count
            && string.Equals(e.Input, splitExamples[e.Index].Input, StringComparison.Ordinal)
            && (e.References ?? []).SequenceEqual(splitExamples[e.Index].References, StringComparer.Ordinal));
    }

    /// <summary>Continue a stopped run from its current step, with new limits when given; the driver then sends <see cref="Pending"/>.</summary>
    /// <param name="now">When the run starts running again: its next ending measures its run time from here.</param>
    public static Transition Resume(RunRecord run, ResumeRun command, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(command);
        if (run.Status is RunStatus.Running or RunStatus.Completed || run.Steps.Count == 0 || run.Configuration is null)
        {
            return Transition.None;
        }

        run.Settings = run.Settings with
        {
            MaxCost = command.MaxCost ?? run.Settings.MaxCost,
            MaxCalls = command.MaxCalls ?? run.Settings.MaxCalls,
            MaxTokens = command.MaxTokens ?? run.Settings.MaxTokens,
        };
        var step = run.Steps[^1];
        if (step.Status == StepStatus.Failed)
        {
            // A step that failed (e.g. no usable candidate) is generated afresh.
            step.Status = StepStatus.Generating;
            step.Candidates = [];
            step.GenerationAttempts++;
        }

        step.ChargedGenerations.Remove(Guid.Empty); // a reply without a message id, asked for after the resume, is charged again
        run.Status = RunStatus.Running;
        run.FailureReason = null;
        // The ending that stopped the run reported it up to here (RunTelemetry): its next ending reports what follows.
        run.ResumedAt = now;
        run.StepCostsReportedThrough = run.CurrentStep;
        return Transition.To();
    }

    public static EditBudgetOptions BudgetOptions(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Configuration?.EditBudget ?? new EditBudgetOptions();
    }

    /// <summary>
    /// Fills the entries without a vector and replaces those of another identity, (model, dimension), or of no model
    /// recorded: the worker re-embedded them because its model, or the model's output dimension, changed, and its
    /// vectors are the ones the next retrieval can use. Every entry of a prompt's text gets its vector (the trajectory
    /// may hold a prompt twice). A vector of the same identity is kept (memoized: never paid for twice).
    /// </summary>
    private static void RememberEmbeddings(RunRecord run, IReadOnlyList<PromptEmbedding> embeddings)
    {
        foreach (var embedding in embeddings)
        {
            foreach (var entry in run.Trajectory.Where(t => string.Equals(t.Prompt, embedding.Prompt, StringComparison.Ordinal) && !SameIdentity(t, embedding)))
            {
                entry.Embedding = embedding.Vector;
                entry.EmbeddingModel = embedding.Model;
            }
        }
    }

    private static bool SameIdentity(TrajectoryRecord entry, PromptEmbedding embedding) =>
        entry.Embedding is { } stored && stored.Length == embedding.Vector.Length
        && entry.EmbeddingModel is not null && string.Equals(entry.EmbeddingModel, embedding.Model, StringComparison.Ordinal);

    private static Trajectory CurrentTrajectory(RunRecord run) =>
        Trajectory.FromEntries(run.Trajectory.Select(t => new TrajectoryEntry(t.Prompt, t.DevScore, t.Step)));

    private static ProfilePolicy Policy(RunRecord run) => ProfilePolicy.For(run.Configuration?.Profile ?? RunProfile.Production);

    /// <summary>An index no reply of the step can have: past every index the worker may use (≤ the replies of up to ten rounds).</summary>
    private static int KeptCurrentIndex(RunRecord run, CandidatesGenerated generated) =>
        Math.Max((run.Configuration?.Candidates ?? 64) * 10, generated.Candidates.Select(c => c.CandidateIndex + 1).DefaultIfEmpty(0).Max());

    private static IReadOnlyList<TestPrompt> TestPlan(RunRecord run, TrajectoryRecord best)
    {
        var trajectory = run.Trajectory.Select(t => new TrajectoryEntry(t.Prompt, t.DevScore, t.Step)).ToList();
        return TestEvaluationPlan.For(Policy(run).TestEvaluation, trajectory, new TrajectoryEntry(best.Prompt, best.DevScore, best.Step));
    }

    private static TrajectoryRecord Pick(RunRecord run, StepRecord step)
    {
        var trajectory = CurrentTrajectory(run);
        var picked = CandidateSelector.Select(
            [.. step.Candidates.Select(c => new ScoredCandidate(c.Index, c.Prompt, c.DevScore ?? 0))], trajectory, Policy(run).Duplicates)
            ?? throw new InvalidOperationException($"Step {step.Step} of run {run.Id} closed without candidates.");
        var record = step.Candidates.First(c => c.Index == picked.Index);
        return new TrajectoryRecord
        {
            Step = step.Step, Prompt = record.Prompt, DevScore = record.DevScore ?? 0,
            CandidateIndex = record.Index, EditBudget = step.EditBudget, EditDistance = record.EditDistance,
        };
    }
}
