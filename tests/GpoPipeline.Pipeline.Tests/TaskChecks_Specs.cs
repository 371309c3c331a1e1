using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Scoring;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// A forged ScoreBatch's task is refused naming the field before the first task-model call: Benchmark = null on a
/// multiple-choice task used to throw NullReferenceException in SecondRound after a paid call, and fail the run.
/// </summary>
public sealed class TaskChecks_Specs
{
    [Theory]
    [InlineData("benchmark null", "Task.Benchmark")]
    [InlineData("name empty", "Task.Name")]
    [InlineData("kind undefined", "Task.Kind")]
    [InlineData("boolean word null", "Task.BooleanWords.Negative")]
    [InlineData("position undefined", "Position")]
    public async Task When_a_ScoreBatch_names_no_usable_task_Should_refuse_it_naming_the_field_before_any_model_call(string forgery, string named)
    {
        var model = new CountingTaskModel();
        var batch = Batch();
        var task = batch.Scoring.Task;
        var scoring = forgery switch
        {
            "benchmark null" => batch.Scoring with { Task = task with { Benchmark = null! } },
            "name empty" => batch.Scoring with { Task = task with { Name = " " } },
            "kind undefined" => batch.Scoring with { Task = task with { Kind = (TaskKind)42 } },
            "boolean word null" => batch.Scoring with { Task = task with { Kind = TaskKind.Boolean, BooleanWords = new BooleanWords("True", null!) } },
            _ => batch.Scoring with { Position = (PromptPosition)7 },
        };

        var refused = await Assert.ThrowsAsync<RejectedMessageException>(() => Scorer(model).ScoreAsync(batch with { Scoring = scoring }, CancellationToken.None));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, model.Calls);
    }

    [Fact]
    public async Task When_the_task_is_genuine_Should_score_every_example()
    {
        var model = new CountingTaskModel();

        var scored = await Scorer(model).ScoreAsync(Batch(), CancellationToken.None);

        Assert.Equal(2, model.Calls);
        Assert.Equal(2, scored.Score);
    }

    private static BatchScorer Scorer(ITaskModel model) =>
        new(model, Options.Create(new TaskModelOptions { Model = "gpt-4o-mini" }), Options.Create(new MessageLimitsOptions()));

    private static ScoreBatch Batch() => new()
    {
        RunId = Guid.NewGuid(), Step = 1, Kind = StepKind.Optimize, CandidateIndex = 0, BatchIndex = 0, Prompt = "Let's think step by step.",
        Split = "dev", From = 0, To = 2, WorkToken = Guid.NewGuid(),
        Scoring = new ScoringSettings
        {
            Profile = RunProfile.Production, Task = new TaskDefinition("bbh", "date_understanding", TaskKind.MultipleChoice),
            Position = PromptPosition.QEnd, TwoRoundExtraction = true,
        },
        Examples = [.. Enumerable.Range(0, 2).Select(i => new ExampleData
        {
            Index = i, Input = $"Which day comes after day {i}?\nOptions:\n(A) the same day\n(B) the next day", References = ["(B)"],
        })],
    };
}
