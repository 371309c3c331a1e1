using System.Globalization;
using GpoPipeline.Contracts;
using GpoPipeline.Trajectories;

namespace GpoPipeline.DecayScheduler.Lifecycle;

/// <summary>
/// Whether a reply fits the run it names (issue 13 §2): the step is the current one and waits for it, the candidate
/// and batch exist, the split is the step's, every result lies in the batch, 0 ≤ score ≤ 1 per example and the sums
/// add up, every usage is within what the work can take (<see cref="UsageBounds"/>), and it carries the work token of
/// the step's dispatch (<see cref="StepWorkTokens"/>; a generation too). A misfit changes nothing; stale duplicates of
/// past work are only ignored. First of all, a reply must have every part its contract has (<see cref="MissingReplyParts"/>):
/// the checks below read no null.
/// </summary>
public static class ReplyChecks
{
    private const double Tolerance = 1e-6;

    public static ReplyVerdict Judge(RunRecord run, BatchScored reply)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(reply);
        var where = $"BatchScored for run {run.Id} step {reply.Step} candidate {reply.CandidateIndex} batch {reply.BatchIndex}";
        if (MissingReplyParts.Of(reply) is { } missing)
        {
            return ReplyVerdict.Reject($"{where}: {MissingReplyParts.Reason(missing)}");
        }

        // The training minibatch (ProTeGi, PE2) is scored in its own phase, before the step has candidates.
        var minibatch = string.Equals(reply.Split, StepSplits.Minibatch, StringComparison.Ordinal);
        if (StepProblem(run, reply.Step, minibatch ? StepStatus.ScoringMinibatch : StepStatus.Scoring) is { } stepVerdict)
        {
            // A late reply (the step closed, or the run was cancelled, with the batch in flight) was still paid:
            // when it is genuine work of its own step it carries that batch, so its answers are memoized and charged.
            var late = stepVerdict.Fit == ReplyFit.Stale ? OwnBatch(run, reply) : null;
            // Stale or not, a reply that contradicts itself was never work of this run: rejected (dead-lettered, so an
            // operator sees it) whether it arrives while its step is open or after the run ended.
            if (stepVerdict.Fit == ReplyFit.Stale && late is null && ShapeProblem(reply, UsageBounds.ScoringCalls(run)) is { } malformed)
            {
                return ReplyVerdict.Reject($"{where}: {malformed}");
            }

            return stepVerdict with { Reason = $"{where}: {stepVerdict.Reason}", Batch = late };
        }

        var step = run.Steps[^1];
        if (!StepWorkTokens.Carries(step, reply))
        {
            return ReplyVerdict.Reject($"{where}: it does not carry the work token of step {step.Step}'s dispatch (not work the scheduler sent).");
        }

        var split = minibatch ? StepSplits.Minibatch : StepSplits.SplitOf(step.Kind);
        if (!string.Equals(reply.Split, split, StringComparison.Ordinal))
        {
            return ReplyVerdict.Reject($"{where}: split '{reply.Split}' does not match the step's split '{split}'.");
        }

        var prompts = minibatch ? step.Probes : step.Candidates;
        if (prompts.All(c => c.Index != reply.CandidateIndex))
        {
            return ReplyVerdict.Reject($"{where}: the step has {(minibatch ? "minibatch probes" : "candidates")} {string.Join(", ", prompts.Select(c => c.Index))}.");
        }

        var batch = StepSplits.Find(run, step, split, reply.CandidateIndex, reply.BatchIndex);
        if (batch is null)
        {
            var batches = StepSplits.MinibatchBatches(run, step).Count(b => b.CandidateIndex == reply.CandidateIndex);
            return ReplyVerdict.Reject(
                $"{where}: batch index out of range (the step has {(minibatch ? batches : StepSplits.BatchCount(run, step.Kind))} batches per {(minibatch ? "probe" : "candidate")}).");
        }

        return ResultsProblem(run, reply, batch) is { } problem ? ReplyVerdict.Reject($"{where}: {problem}") : ReplyVerdict.Accept(batch);
    }

    public static ReplyVerdict Judge(RunRecord run, CandidatesGenerated reply)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(reply);
        var where = $"CandidatesGenerated for run {run.Id} step {reply.Step}";
        if (MissingReplyParts.Of(reply) is { } missing)
        {
            return ReplyVerdict.Reject($"{where}: {MissingReplyParts.Reason(missing)}");
        }

        // Before the step is looked at: a stale reply's usage is charged too (RunLifecycle.ChargeGeneration).
        var generationCalls = UsageBounds.GenerationCalls(run);
        if (UsageBounds.Problem(reply.OptimizerUsage, generationCalls) is { } optimizer)
        {
            return ReplyVerdict.Reject($"{where}: OptimizerUsage: {optimizer} (a step's generation takes at most {generationCalls} calls).");
        }

        if (UsageBounds.Problem(reply.EmbeddingUsage, generationCalls) is { } embedding)
        {
            return ReplyVerdict.Reject($"{where}: EmbeddingUsage: {embedding} (a step's generation takes at most {generationCalls} calls).");
        }

        if (StepProblem(run, reply.Step, StepStatus.Generating) is { } stepVerdict)
        {
            // A stale generation is charged only when it carries its step's work token (RunLifecycle.ChargeGeneration).
            return stepVerdict with { Reason = $"{where}: {stepVerdict.Reason}" };
        }

        if (!StepWorkTokens.Carries(run.Steps[^1], reply))
        {
            return ReplyVerdict.Reject($"{where}: it does not carry the work token of step {reply.Step}'s generation request (not work the scheduler sent).");
        }

        var candidates = reply.Candidates;
        var allowed = run.Configuration?.Candidates * 10 ?? 640;
        if (candidates.Count > allowed)
        {
            return ReplyVerdict.Reject($"{where}: {candidates.Count} candidates, more than the {allowed} the step can ask for.");
        }

        if ((GenerationNotesProblem(reply, allowed) ?? EmbeddingsProblem(run, reply.Embeddings)) is { } problem)
        {
            return ReplyVerdict.Reject($"{where}: {problem}");
        }

        // A word edit distance is never negative; the step's record and the dashboard show it as sent.
        if (candidates.Any(c => string.IsNullOrWhiteSpace(c.Prompt) || c.CandidateIndex < 0 || c.EditDistance < 0)
            || candidates.Select(c => c.CandidateIndex).Distinct().Count() != candidates.Count)
        {
            return ReplyVerdict.Reject($"{where}: every candidate needs a prompt, its own non-negative index and a non-negative edit distance.");
        }

        return ReplyVerdict.Accept();
    }

    private static ReplyVerdict? StepProblem(RunRecord run, int replyStep, StepStatus waitingFor)
    {
        // First, whatever the run's status: no work was ever sent for a step the run never opened, so such a reply is
        // rejected alike before and after the run ends (it was only ignored once the run had ended).
        if (replyStep > run.CurrentStep || replyStep < 0)
        {
            return ReplyVerdict.Reject($"step {replyStep} was never opened (the run is at step {run.CurrentStep}).");
        }

        if (run.Status != RunStatus.Running)
        {
            return ReplyVerdict.Stale($"the run is {run.Status}.");
        }

        if (replyStep < run.CurrentStep)
        {
            return ReplyVerdict.Stale($"step {replyStep} is closed (the run is at step {run.CurrentStep}).");
        }

        var step = run.Steps[^1];
        if (step.Status == waitingFor)
        {
            return null;
        }

        // Scoring replies before the step's candidates exist were never asked for; later ones are duplicates. The same
        // holds for the training minibatch of a step that never drew one, and for candidates before its errors are in.
        return (waitingFor, step.Status) switch
        {
            (StepStatus.Scoring, StepStatus.Generating or StepStatus.ScoringMinibatch) =>
                ReplyVerdict.Reject($"step {replyStep} has no candidates yet, so no scoring work was sent."),
            (StepStatus.ScoringMinibatch, _) when step.Probes.Count == 0 =>
                ReplyVerdict.Reject($"step {replyStep} scores no training minibatch (its method reads no errors)."),
            (StepStatus.Generating, StepStatus.ScoringMinibatch) =>
                ReplyVerdict.Reject($"step {replyStep} is still scoring its training minibatch, so no generation was asked for."),
            _ => ReplyVerdict.Stale($"step {replyStep} is no longer waiting for it ({step.Status})."),
        };
    }

    /// <summary>The batch of the reply's own step when the reply is that step's dispatched work, else null.</summary>
    private static BatchPlan? OwnBatch(RunRecord run, BatchScored reply)
    {
        var step = run.Steps.FirstOrDefault(s => s.Step == reply.Step);
        var minibatch = string.Equals(reply.Split, StepSplits.Minibatch, StringComparison.Ordinal);
        if (step is null || !StepWorkTokens.Carries(step, reply) || (minibatch ? step.Probes : step.Candidates).All(c => c.Index != reply.CandidateIndex)
            || !string.Equals(reply.Split, minibatch ? StepSplits.Minibatch : StepSplits.SplitOf(step.Kind), StringComparison.Ordinal))
        {
            return null;
        }

        var batch = StepSplits.Find(run, step, reply.Split, reply.CandidateIndex, reply.BatchIndex);
        return batch is not null && ResultsProblem(run, reply, batch) is null ? batch : null;
    }

    private static string? ResultsProblem(RunRecord run, BatchScored reply, BatchPlan batch)
    {
        var results = reply.Results;
        if (results.Count == 0 || reply.Total != results.Count || results.Count > batch.Size)
        {
            return $"Total {reply.Total} with {results.Count} results; expected 1 to {batch.Size} (the batch's size) and Total = the number of results.";
        }

        if (results.Any(r => r.Index < batch.From || r.Index >= batch.To) || results.Select(r => r.Index).Distinct().Count() != results.Count)
        {
            return $"every result must be a distinct example of the batch [{batch.From}, {batch.To}).";
        }

        return ShapeProblem(reply, UsageBounds.ScoringCalls(run));
    }

    /// <summary>What is wrong with a reply in itself, whatever batch it names: its results, their usage (each example
    /// takes at most <paramref name="callsPerExample"/> calls) and their sums.</summary>
    private static string? ShapeProblem(BatchScored reply, long callsPerExample)
    {
        var results = reply.Results;
        if (results.Count == 0 || reply.Total != results.Count)
        {
            return $"Total {reply.Total} with {results.Count} results; expected Total = the number of results, at least 1.";
        }

        var bad = results.FirstOrDefault(r => !double.IsFinite(r.Score) || r.Score is < 0 or > 1);
        if (bad is not null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"example {bad.Index} has score {bad.Score} (expected 0 ≤ score ≤ 1).");
        }

        // Before any store write: the usage is memoized, charged and summed into the run's budget.
        foreach (var result in results)
        {
            if (UsageBounds.Problem(result.Usage, callsPerExample) is { } usage)
            {
                return $"example {result.Index}: {usage} (one example takes at most {callsPerExample} calls).";
            }
        }

        var sum = results.Sum(r => r.Score);
        if (!double.IsFinite(reply.Score) || Math.Abs(sum - reply.Score) > Tolerance * Math.Max(1, results.Count))
        {
            return string.Create(CultureInfo.InvariantCulture, $"Score {reply.Score} is not the sum {sum} of its results (0 ≤ score ≤ total = {reply.Total}).");
        }

        return null;
    }

    /// <summary>Longest rejection reason or similarity name a reply may carry into the run's document.</summary>
    public const int MaxNoteChars = 2_000;

    private static string? GenerationNotesProblem(CandidatesGenerated reply, int allowed)
    {
        var rejections = reply.Rejections;
        if (rejections.Count > allowed)
        {
            return $"{rejections.Count} rejections, more than the {allowed} completions the step can ask for.";
        }

        if (rejections.Any(r => r.Length > MaxNoteChars) || reply.Similarity?.Length > MaxNoteChars)
        {
            return $"every rejection reason and the similarity name must be text of at most {MaxNoteChars} characters.";
        }

        return null;
    }

    /// <summary>
    /// Embeddings are stored with the trajectory and ranked by cosine later, so a reply (a message on the bus is input
    /// too) must bring what one worker's one call gives: vectors of the trajectory's prompts, each prompt once, non-empty
    /// and finite, of one model and one dimension. Their dimension is not checked against the run's stored vectors: a
    /// vector's identity is (model, dimension), and a model that answers another dimension under the same name (its
    /// endpoint's <c>dimensions</c> setting changed) is embedded again like another model (RememberEmbeddings).
    /// </summary>
    private static string? EmbeddingsProblem(RunRecord run, IReadOnlyList<PromptEmbedding> embeddings)
    {
        if (embeddings.Select(e => e.Model).Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            return "embeddings of more than one model; one reply's come from one call of one model.";
        }

        if (embeddings.Count > run.Trajectory.Count)
        {
            return $"{embeddings.Count} embeddings, more than the {run.Trajectory.Count} prompts of the trajectory.";
        }

        if (embeddings.Any(e => e.Vector.Length == 0 || !e.Vector.All(float.IsFinite)))
        {
            return "every embedding needs its prompt and a non-empty vector of finite numbers.";
        }

        var lengths = embeddings.Select(e => e.Vector.Length).Distinct().Order().ToList();
        if (lengths.Count > 1)
        {
            return $"embeddings of {string.Join(" and ", lengths)} dimensions; one reply's come from one call of one model, of one dimension.";
        }

        var prompts = run.Trajectory.Select(t => t.Prompt).ToHashSet(StringComparer.Ordinal);
        if (embeddings.FirstOrDefault(e => !prompts.Contains(e.Prompt)) is { } stranger)
        {
            return $"an embedding of a prompt that is not in the run's trajectory (\"{Excerpt(stranger.Prompt)}\"); retrieval embeds only the trajectory's.";
        }

        if (embeddings.Select(e => e.Prompt).Distinct(StringComparer.Ordinal).Count() != embeddings.Count)
        {
            return "two embeddings of one prompt; one call embeds each prompt once.";
        }

        return null;
    }

    private static string Excerpt(string prompt) => prompt.Length <= 60 ? prompt : string.Concat(prompt.AsSpan(0, 60), "…");
}
