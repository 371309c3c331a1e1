using System.Security.Cryptography;
using System.Text.Json;
using GpoPipeline.Contracts;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.Optimization.Budget;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Direction;
using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Profiles;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>Memo keys are stored: a key must stay the same bytes whatever computes it (answers stored before are found).</summary>
public sealed class ExampleMemoKey_Specs
{
    private static readonly RunConfiguration Configuration = new()
    {
        Retrieval = new RetrievalSettings { Strategy = RetrievalStrategy.Recency, K = 2, Order = DirectionOrder.PaperAscending },
        EditBudget = new EditBudgetOptions { Schedule = BudgetSchedule.Linear, Initial = 40, Minimum = 5, WarmupSteps = 1 },
        Refinement = Refinement.Edit,
        Position = PromptPosition.ABegin,
        ScoreDisplay = ScoreDisplay.Raw,
        EnforceBudget = true,
        TwoRoundExtraction = false,
        Candidates = 4,
        BatchSize = 8,
        FormatExamples = 1,
        Seed = 42,
        TaskModel = "task-model",
        TaskKind = TaskKind.Boolean,
        BooleanWords = ["Yes", "No"],
    };

    public static TheoryData<string, string, string[]> Examples => new()
    {
        { "Let's think step by step.", "Is 3 > 2?", ["Yes"] },
        { "Réponds « oui » ou \"non\" <b>&</b> 'vite'\t", "Ünïcödé — 日本語 \u0001 \\ / \U0001F600", ["No", "no", ""] },
        { "", "", [] },
        { "long prompt " + new string('p', 70_000), new string('x', 2_500_000), ["Yes"] }, // past the kept buffer
        { "after a long one", "short", ["No"] },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void When_a_key_is_computed_Should_be_the_SHA_256_of_the_parts_serialized_as_a_JSON_array(string prompt, string input, string[] references)
    {
        foreach (var configuration in new[]
        {
            Configuration,
            Configuration with { TwoRoundExtraction = true, Profile = RunProfile.Paper, BooleanWords = null, TaskKind = TaskKind.MultipleChoice },
        })
        {
            var example = new Example(input, references);

            Assert.Equal(Reference(configuration, prompt, example), ExampleMemoKey.For(Guid.NewGuid(), configuration, prompt, example));
        }
    }

    [Fact]
    public void When_keys_are_computed_on_many_threads_at_once_Should_each_be_its_own()
    {
        var examples = Enumerable.Range(0, 400).Select(i => new Example($"question {i} " + new string('q', i * 37), [$"answer {i}"])).ToList();

        var keys = examples.AsParallel().WithDegreeOfParallelism(8).Select(e => (e, Key: ExampleMemoKey.For(Guid.NewGuid(), Configuration, "prompt", e))).ToList();

        Assert.All(keys, k => Assert.Equal(Reference(Configuration, "prompt", k.e), k.Key));
    }

    [Fact]
    public void When_the_run_names_no_task_model_Should_key_its_answers_for_that_run_only()
    {
        var unnamed = Configuration with { TaskModel = "" };
        var example = new Example("Is 3 > 2?", ["Yes"]);
        var run = Guid.NewGuid();

        var first = ExampleMemoKey.For(run, unnamed, "prompt", example);

        Assert.Equal(first, ExampleMemoKey.For(run, unnamed, "prompt", example)); // resume and redelivery find it
        Assert.NotEqual(first, ExampleMemoKey.For(Guid.NewGuid(), unnamed, "prompt", example)); // no other run does
        Assert.Equal(
            ExampleMemoKey.For(Guid.NewGuid(), Configuration, "prompt", example),
            ExampleMemoKey.For(Guid.NewGuid(), Configuration, "prompt", example)); // a named model is shared across runs
    }

    [Theory]
    [InlineData(PromptPosition.ABegin, false)]
    [InlineData(PromptPosition.QBegin, true)]
    [InlineData(PromptPosition.QEnd, true)]
    public void When_the_input_layout_of_a_position_changed_Should_find_only_answers_asked_with_the_current_one(PromptPosition position, bool sameAsBefore)
    {
        // A_begin's input gained the official space after the prompt: its answers stored before were asked another input.
        var configuration = Configuration with { Position = position };
        var example = new Example("Is 3 > 2?", ["Yes"]);

        var key = ExampleMemoKey.For(Guid.NewGuid(), configuration, "prompt", example);

        Assert.Equal(sameAsBefore, key == Reference(configuration, "prompt", example, position.ToString()));
    }

    /// <summary>How the keys were computed when they were first stored (commit 4780b7e and before), with A_begin's
    /// position part renamed when its input gained the official trailing space (2026-12-05).</summary>
    private static string Reference(RunConfiguration configuration, string prompt, Example example, string? positionPart = null)
    {
        var rounds = configuration.TwoRoundExtraction ? "2:" + ProfilePolicy.For(configuration.Profile).SecondRound : "1";
        positionPart ??= configuration.Position == PromptPosition.ABegin ? "ABegin:prompt-then-space" : configuration.Position.ToString();
        string[] parts =
        [
            "gpo-example-v1", configuration.TaskModel, positionPart, rounds,
            configuration.TaskKind.ToString(), string.Join("/", configuration.BooleanWords ?? []), prompt, example.Input, .. example.References,
        ];
        return Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(parts)));
    }
}
