using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Scoring;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Issue 15 point 5: the scorer asks the second, format-forcing turn as the run's profile says, with the official
/// code's 100 output tokens (eval_utils.py lines 672 and 683). Counts the task-model calls per example.
/// </summary>
public sealed class SecondRound_Specs
{
    private const string Stated = "Going back to the start, the answer is (B).";
    private const string Rambling = "I would need to think about this for quite a while longer before committing to anything at all.";

    [Fact]
    public async Task When_production_scores_answers_that_state_an_option_Should_call_the_task_model_once_per_example()
    {
        var model = new ScriptedTaskModel(Stated);

        var scored = await Scorer(model, "gpt-4o-mini").ScoreAsync(Batch(RunProfile.Production, examples: 3), CancellationToken.None);

        Assert.Equal(3, model.Calls.Count);
        Assert.Equal(3, scored.Results.Sum(r => r.Usage!.Calls));
        Assert.All(scored.Results, r => Assert.Equal(1, r.Score));
    }

    [Fact]
    public async Task When_production_cannot_read_the_first_answer_Should_ask_the_second_round_with_100_tokens()
    {
        var model = new ScriptedTaskModel(Rambling, "(B)");

        var scored = await Scorer(model, "gpt-4o-mini").ScoreAsync(Batch(RunProfile.Production, examples: 1), CancellationToken.None);

        Assert.Equal(2, model.Calls.Count);
        Assert.Null(model.Calls[0].MaxOutputTokens);
        Assert.Equal(ProfilePolicy.SecondRoundMaxOutputTokens, model.Calls[1].MaxOutputTokens);
        Assert.Equal(100, model.Calls[1].MaxOutputTokens);
        Assert.Equal(1, scored.Results[0].Score);
    }

    [Fact]
    public async Task When_paper_scores_with_a_llama_2_chat_task_model_Should_call_twice_per_example_even_when_the_answer_is_stated()
    {
        var model = new ScriptedTaskModel(Stated, "(B)");

        var scored = await Scorer(model, "meta-llama/Llama-2-7b-chat-hf").ScoreAsync(Batch(RunProfile.Paper, examples: 3), CancellationToken.None);

        Assert.Equal(6, model.Calls.Count);
        Assert.Equal(3, model.Calls.Count(c => c.MaxOutputTokens == 100));
        Assert.Equal(6, scored.Results.Sum(r => r.Usage!.Calls));
    }

    [Fact]
    public async Task When_paper_scores_with_another_model_Should_score_the_first_answer_even_when_it_cannot_be_read()
    {
        var model = new ScriptedTaskModel(Rambling);

        var scored = await Scorer(model, "gpt-4o-mini").ScoreAsync(Batch(RunProfile.Paper, examples: 2), CancellationToken.None);

        Assert.Equal(2, model.Calls.Count);
        Assert.All(scored.Results, r => Assert.Equal(0, r.Score));
    }

    private static BatchScorer Scorer(ITaskModel model, string taskModelName) =>
        new(model, Options.Create(new TaskModelOptions { Model = taskModelName }), Options.Create(new MessageLimitsOptions()));

    private static ScoreBatch Batch(RunProfile profile, int examples) => new()
    {
        RunId = Guid.NewGuid(), Step = 1, Kind = StepKind.Optimize, CandidateIndex = 0, BatchIndex = 0, Prompt = "Let's think step by step.",
        Split = "dev", From = 0, To = examples, WorkToken = Guid.NewGuid(),
        Scoring = new ScoringSettings
        {
            Profile = profile, Task = new TaskDefinition("bbh", "date_understanding", TaskKind.MultipleChoice),
            Position = PromptPosition.QEnd, TwoRoundExtraction = true,
        },
        Examples = [.. Enumerable.Range(0, examples).Select(i => new ExampleData
        {
            Index = i, Input = $"Which day comes after day {i}?\nOptions:\n(A) the same day\n(B) the next day", References = ["(B)"],
        })],
    };

    /// <summary>Answers the first turn with <c>first</c> and a second turn with <c>second</c>; records each call.</summary>
    private sealed class ScriptedTaskModel(string first, string second = "(B)") : ITaskModel
    {
        private readonly Lock gate = new();

        public List<ModelCall> Calls { get; } = [];

        public Task<ModelReply> CompleteAsync(IReadOnlyList<ChatMessage> messages, ModelCall context, CancellationToken cancellationToken)
        {
            lock (gate)
            {
                Calls.Add(context);
            }

            var text = messages.Count == 1 ? first : second;
            return Task.FromResult(new ModelReply(text, new CallUsage(10, 5, 0, Estimated: false, CacheHit: false)));
        }
    }
}
