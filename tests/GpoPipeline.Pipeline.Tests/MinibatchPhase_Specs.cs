using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Lifecycle;
using GpoPipeline.Optimization.Strategies;
using GpoPipeline.PromptGeneration;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// The scheduler's training-minibatch phase (StepStatus.ScoringMinibatch) for the methods that read errors: ProTeGi,
/// PE2 and the GPO code's APO. Pure lifecycle and the generation worker with a recording optimizer: no broker.
/// </summary>
public sealed class MinibatchPhase_Specs
{
    [Fact]
    public void When_a_protegi_step_opens_Should_score_the_beam_on_the_seeded_train_minibatch_before_asking_the_optimizer()
    {
        var (run, _) = LifecycleRuns.Create("protegi");
        var token = Guid.NewGuid();

        var opened = RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, token);

        var step = run.Steps[1];
        Assert.Equal(StepStatus.ScoringMinibatch, step.Status);
        Assert.DoesNotContain(opened.Work, w => w is OpenStep);
        var work = Assert.IsType<ScoreStep>(opened.Work[^1]);
        // ProTeGi's minibatch of 64 takes the whole 10-example train split, in the run's seeded draw order.
        Assert.Equal(MinibatchPicker.Pick(10, 64, 1, 1), step.MinibatchExamples);
        Assert.Equal(10, step.MinibatchExamples.Distinct().Count());
        Assert.Equal([LifecycleRuns.Settings.InitialPrompt], step.Probes.Select(p => p.Prompt));
        Assert.Equal(token, step.WorkToken);
        Assert.All(work.Batches, b => Assert.Equal(StepSplits.Minibatch, b.Split));
        Assert.Equal([(0, 4), (4, 8), (8, 10)], work.Batches.Select(b => (b.From, b.To)));
        Assert.Equal(work.Batches, Assert.IsType<ScoreStep>(Assert.Single(RunLifecycle.Pending(run, []))).Batches);

        var scores = LifecycleRuns.MinibatchScored(run);
        Assert.False(RunLifecycle.Advance(run, scores.Skip(1).ToList(), LifecycleRuns.Now, Guid.NewGuid()).Changed);
        var generating = RunLifecycle.Advance(run, scores, LifecycleRuns.Now, Guid.NewGuid());

        Assert.Equal(1, Assert.IsType<OpenStep>(Assert.Single(generating.Work)).Step);
        Assert.Equal(StepStatus.Generating, step.Status);
        Assert.Empty(step.Candidates);
    }

    [Theory]
    [InlineData("pe2", 8)]
    [InlineData("apo-gpo-code", 8)]
    [InlineData("gpo", 0)]
    [InlineData("opro", 0)]
    public void When_a_step_opens_Should_draw_a_minibatch_only_for_methods_that_read_errors(string method, int drawn)
    {
        var (run, _) = LifecycleRuns.Create(method);

        var opened = RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());

        var step = run.Steps[1];
        Assert.Equal(drawn, step.MinibatchExamples.Count);
        Assert.All(step.MinibatchExamples, i => Assert.InRange(i, 0, 9));
        Assert.Equal(drawn > 0 ? StepStatus.ScoringMinibatch : StepStatus.Generating, step.Status);
        Assert.Equal(drawn > 0, opened.Work[^1] is ScoreStep);
    }

    public static TheoryData<string, string> Forgeries => new()
    {
        { "the dev split while the minibatch is scored", "has no candidates yet" },
        { "the train split itself", "has no candidates yet" },
        { "an example outside the minibatch batch", "distinct example of the batch [0, 4)" },
        { "probe 3", "the step has minibatch probes 0" },
        { "minibatch batch 5", "batch index out of range (the step has 3 batches per probe)" },
        { "no work token", "work token" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public void When_a_minibatch_reply_does_not_fit_the_step_Should_reject_it_with_the_reason(string forgery, string reason)
    {
        var run = AtMinibatch("protegi");
        var valid = LifecycleRuns.Reply(run, 0, 0, perExample: 0, split: StepSplits.Minibatch);
        var reply = forgery switch
        {
            "the dev split while the minibatch is scored" => valid with { Split = "dev" },
            "the train split itself" => valid with { Split = "train" },
            "an example outside the minibatch batch" => valid with { Results = [.. valid.Results.Select(r => r with { Index = r.Index + 4 })] },
            "probe 3" => valid with { CandidateIndex = 3 },
            "minibatch batch 5" => valid with { BatchIndex = 5 },
            _ => valid with { WorkToken = Guid.Empty },
        };

        Assert.Equal(ReplyFit.Accept, ReplyChecks.Judge(run, valid).Fit);
        var verdict = ReplyChecks.Judge(run, reply);

        Assert.Equal(ReplyFit.Reject, verdict.Fit);
        Assert.Contains(reason, verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void When_a_method_reads_no_errors_or_the_minibatch_is_not_done_Should_reject_what_was_never_asked_for()
    {
        var (gpo, _) = LifecycleRuns.Create();
        var forged = LifecycleRuns.Reply(gpo, 0, 0) with { Split = StepSplits.Minibatch };
        var protegi = AtMinibatch("protegi");

        Assert.Contains("scores no training minibatch", ReplyChecks.Judge(gpo, forged).Reason, StringComparison.Ordinal);
        var early = ReplyChecks.Judge(protegi, LifecycleRuns.Candidates(protegi, "Be careful."));
        Assert.Equal(ReplyFit.Reject, early.Fit);
        Assert.Contains("still scoring its training minibatch", early.Reason, StringComparison.Ordinal);
        Assert.False(RunLifecycle.RecordCandidates(protegi, LifecycleRuns.Candidates(protegi, "Be careful."), LifecycleRuns.Now, Guid.NewGuid(), 20_000).Changed);
    }

    [Fact]
    public void When_the_minibatch_phase_is_over_Should_call_a_late_minibatch_reply_stale()
    {
        var run = AtMinibatch("protegi");
        var late = LifecycleRuns.Reply(run, 0, 0, split: StepSplits.Minibatch);
        RunLifecycle.Advance(run, LifecycleRuns.MinibatchScored(run), LifecycleRuns.Now, Guid.NewGuid());

        Assert.Equal(ReplyFit.Stale, ReplyChecks.Judge(run, late).Fit);
    }

    [Fact]
    public async Task When_protegi_generates_Should_send_gradients_written_from_the_recorded_minibatch_answers()
    {
        var run = AtMinibatch("protegi");
        var step = run.Steps[^1];
        RunLifecycle.Advance(run, LifecycleRuns.MinibatchScored(run), LifecycleRuns.Now, Guid.NewGuid());
        // The memo as the scorers filled it: the probe answered every train example "Yes" (right for even i, wrong for odd i).
        var prompt = step.Probes[0].Prompt;
        var memo = step.MinibatchExamples.ToDictionary(
            i => ExampleMemoKey.For(run.Id, run.Configuration!, prompt, LifecycleRuns.Train[i]),
            i => new ExampleResultRecord { Answer = $"Reasoning about example {i}. So the answer is Yes.", Score = i % 2 == 0 ? 1 : 0 });
        var input = StrategySearch.Input(run, [], MinibatchAnswers.For(run, step, LifecycleRuns.Train, memo));
        var optimizer = new RecordingOptimizer((last, i) => last.StartsWith("I'm trying to write a zero-shot classifier prompt.", StringComparison.Ordinal)
            ? "<START>the prompt never asks for the answer word<END>"
            : $"<START>Answer with Yes or No, variant {i} of {last.Length}.<END>");
        var generation = new StrategyGeneration(optimizer, Options.Create(new GenerationOptions()), Options.Create(new MessageLimitsOptions()));

        var generated = await generation.GenerateAsync(Retrieved(run, input), CancellationToken.None);

        Assert.NotEmpty(generated.Candidates);
        var gradients = optimizer.Calls.Where(c => c.Call.Purpose == "reflect").ToList();
        Assert.Equal(3, gradients.Count); // min(4 gradients, 3 candidate slots) for a beam of one
        var wrong = step.MinibatchExamples.Where(i => i % 2 == 1).ToHashSet();
        foreach (var gradient in gradients)
        {
            var text = gradient.Turns[^1].Text;
            Assert.Equal(0.7, gradient.Call.Temperature);
            var shown = step.MinibatchExamples.Where(i => text.Contains($"Text: \"train question {i}\"", StringComparison.Ordinal)).ToList();
            Assert.Equal(4, shown.Count); // errors_per_gradient = 4
            Assert.All(shown, i => Assert.Contains(i, wrong));
            Assert.All(shown, i => Assert.Contains($"Text: \"train question {i}\"\nLabel: No\nPrediction: Reasoning about example {i}. So the answer is Yes.", text, StringComparison.Ordinal));
        }

        // The edits come after the gradients and carry the same recorded errors.
        var edits = optimizer.Calls.Where(c => c.Call.Purpose == "generate").ToList();
        Assert.NotEmpty(edits);
        Assert.All(edits, e => Assert.Contains("Based on these examples the problem with this prompt is that the prompt never asks for the answer word", e.Turns[^1].Text, StringComparison.Ordinal));
        Assert.True(optimizer.Calls.FindLastIndex(c => c.Call.Purpose == "reflect") < optimizer.Calls.FindIndex(c => c.Call.Purpose == "generate"));
    }

    [Fact]
    public async Task When_pe2_generates_Should_continue_its_reasoning_conversation_at_the_strategy_temperatures()
    {
        var run = AtMinibatch("pe2");
        var step = run.Steps[^1];
        RunLifecycle.Advance(run, LifecycleRuns.MinibatchScored(run), LifecycleRuns.Now, Guid.NewGuid());
        var prompt = step.Probes[0].Prompt;
        var memo = step.MinibatchExamples.ToDictionary(
            i => ExampleMemoKey.For(run.Id, run.Configuration!, prompt, LifecycleRuns.Train[i]),
            i => new ExampleResultRecord { Answer = $"answer {i}: No", Score = i % 2 });
        var input = StrategySearch.Input(run, [], MinibatchAnswers.For(run, step, LifecycleRuns.Train, memo));
        var optimizer = new RecordingOptimizer((last, i) => last.StartsWith("## Prompt", StringComparison.Ordinal) ? "The prompt should name the answer words." : $"Answer Yes or No ({i}).");
        var generation = new StrategyGeneration(optimizer, Options.Create(new GenerationOptions()), Options.Create(new MessageLimitsOptions()));

        var generated = await generation.GenerateAsync(Retrieved(run, input), CancellationToken.None);

        Assert.Equal(3, generated.Candidates.Count);
        var reasoning = Assert.Single(optimizer.Calls, c => c.Call.Purpose == "reflect");
        Assert.Equal(0, reasoning.Call.Temperature);
        Assert.Equal("system", reasoning.Turns[0].Role.Value);
        Assert.Contains("Output: answer ", reasoning.Turns[^1].Text, StringComparison.Ordinal);
        var refinement = Assert.Single(optimizer.Calls, c => c.Call.Purpose == "generate");
        Assert.Equal(0.7, refinement.Call.Temperature);
        Assert.Equal(300, refinement.Call.MaxOutputTokens);
        Assert.Equal("The prompt should name the answer words.", refinement.Turns[^2].Text);
    }

    /// <summary>A run of <paramref name="method"/> whose step 1 is scoring its training minibatch.</summary>
    private static RunRecord AtMinibatch(string method)
    {
        var (run, _) = LifecycleRuns.Create(method);
        RunLifecycle.Advance(run, LifecycleRuns.AllScored(run), LifecycleRuns.Now, Guid.NewGuid());
        Assert.Equal(StepStatus.ScoringMinibatch, run.Steps[^1].Status);
        return run;
    }

    private static DirectionRetrieved Retrieved(RunRecord run, StrategyInput input) => new()
    {
        RunId = run.Id,
        Step = run.CurrentStep,
        Direction = [],
        Generation = GenerationRequests.For(
            run.Configuration!, [.. LifecycleRuns.Train.Take(3).Select((e, i) => new ExampleData { Index = i, Input = e.Input, References = e.References })],
            [.. run.Trajectory.Select(t => new TrajectoryPoint { Prompt = t.Prompt, DevScore = t.DevScore, Step = t.Step })], maxCalls: 60) with { Search = input }, // the most 3 candidates may take
    };
}
