using GpoPipeline.Contracts;
using GpoPipeline.Llm;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Scoring;
using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// The scheduler memoizes a batch's answers under the task model the run declares; a scorer configured with another
/// model (Llm:Task:Model) used to answer anyway, storing its answers under the declared model's name. It now refuses
/// the batch, naming both models, before any model call; a batch declaring no model (old message, or a run naming none) is scored.
/// </summary>
public sealed class ScorerTaskModel_Specs
{
    private const string Configured = "gpt-4o-mini";

    [Fact]
    public async Task When_a_ScoreBatch_declares_another_task_model_Should_refuse_it_naming_both_before_any_model_call()
    {
        var model = new CountingTaskModel();

        var refused = await Assert.ThrowsAsync<RejectedMessageException>(() => Scorer(model).ScoreAsync(Batch("llama-3-8b"), CancellationToken.None));

        Assert.Contains("'llama-3-8b'", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Configured}' (Llm:Task:Model)", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, model.Calls);
    }

    [Theory]
    [InlineData(Configured)]
    [InlineData(null)]
    [InlineData("")]
    public async Task When_a_ScoreBatch_declares_this_scorers_model_or_none_Should_score_it(string? declared)
    {
        var model = new CountingTaskModel();

        var scored = await Scorer(model).ScoreAsync(Batch(declared), CancellationToken.None);

        Assert.Equal(2, model.Calls);
        Assert.Equal(2, scored.Total);
    }

    private static BatchScorer Scorer(ITaskModel model) =>
        new(model, Options.Create(new TaskModelOptions { Model = Configured }), Options.Create(new MessageLimitsOptions()));

    private static ScoreBatch Batch(string? taskModel) => new()
    {
        RunId = Guid.NewGuid(), Step = 1, Kind = StepKind.Optimize, CandidateIndex = 0, BatchIndex = 0, Prompt = "Let's think step by step.",
        Split = "dev", From = 0, To = 2, WorkToken = Guid.NewGuid(),
        Scoring = new ScoringSettings
        {
            Profile = RunProfile.Production, Task = new TaskDefinition("bbh", "date_understanding", TaskKind.MultipleChoice),
            Position = PromptPosition.QEnd, TwoRoundExtraction = false, TaskModel = taskModel,
        },
        Examples = [.. Enumerable.Range(0, 2).Select(i => new ExampleData
        {
            Index = i, Input = $"Which day comes after day {i}?\nOptions:\n(A) the same day\n(B) the next day", References = ["(B)"],
        })],
    };
}
