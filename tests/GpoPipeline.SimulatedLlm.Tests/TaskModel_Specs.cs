using System.Globalization;
using Xunit.Abstractions;

namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class TaskModel_Specs(ITestOutputHelper output)
{
    private const string CoT = "Let's think step by step.";
    private const string Helpful = "Let's think step by step. Carefully track your position and direction after each instruction, check it, and give the final answer.";
    private const string Harmful = "Guess quickly and ignore the details.";

    private static SimulatorOptions Options(long seed = 1) => new() { Seed = seed, DataRoot = TestData.Root };

    [Fact]
    public async Task When_a_prompt_has_helpful_phrases_Should_score_higher_on_navigate_dev_than_lets_think_step_by_step()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(Options());
        using var client = new SimClient(sim);
        var dev = Example.Load(TestData.Split("bbh", "navigate", "dev"));

        var cot = await AccuracyAsync(client, dev, CoT);
        var helpful = await AccuracyAsync(client, dev, Helpful);
        output.WriteLine($"navigate dev: CoT {cot:P1}, helpful {helpful:P1}");

        Assert.True(helpful >= cot + 0.15, $"helpful prompt {helpful:P1} should beat CoT {cot:P1} by 15 points");
        Assert.True(cot < 0.7, $"CoT scored {cot:P1}; it must leave room for improvement");
    }

    [Fact]
    public async Task When_a_prompt_has_harmful_phrases_Should_score_lower_than_lets_think_step_by_step()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(Options());
        using var client = new SimClient(sim);
        var examples = Example.Load(TestData.Split("bbh", "navigate", "dev")).Concat(Example.Load(TestData.Split("bbh", "navigate", "train"))).ToList();

        var cot = await AccuracyAsync(client, examples, CoT);
        var harmful = await AccuracyAsync(client, examples, Harmful);

        Assert.True(harmful < cot - 0.1, $"harmful prompt {harmful:P1} should trail CoT {cot:P1} by 10 points");
    }

    [Fact]
    public async Task When_the_instruction_is_placed_before_the_question_or_after_A_Should_find_the_question_and_answer_alike()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(Options());
        using var client = new SimClient(sim);
        var dev = Example.Load(TestData.Split("bbh", "navigate", "dev"));

        foreach (var e in dev.Take(16))
        {
            var qEnd = (await client.ChatAsync(Requests.Task($"{e.Input}\n{Helpful}")))[0];
            var qBegin = (await client.ChatAsync(Requests.Task($"{Helpful}\n{e.Input}")))[0];
            var aBegin = (await client.ChatAsync(Requests.Task($"Q: {e.Input}\nA: {Helpful} ")))[0]; // A_begin as the official gen_prompt builds it (eval_utils.py 254-257): a trailing space
            Assert.Equal(qEnd, qBegin);
            Assert.Equal(qEnd, aBegin);
        }
    }

    [Fact]
    public async Task When_the_second_round_asks_for_the_format_Should_answer_tersely_with_the_round_one_answer()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(Options());
        using var client = new SimClient(sim);

        foreach (var e in Example.Load(TestData.Split("bbh", "movie_recommendation", "dev")).Take(12))
        {
            var first = (await client.ChatAsync(Requests.Task($"{e.Input}\n{CoT}")))[0];
            var second = (await client.ChatAsync(Requests.TwoRound($"{e.Input}\n{CoT}", first, "Therefore, summarize your answer with an option among (A) and (D).")))[0];
            Assert.Equal(Replies.FinalAnswer(first), second);
        }
    }

    [Fact]
    public async Task When_few_shot_demos_precede_the_question_Should_answer_the_last_question_in_round_one_form()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(Options());
        using var client = new SimClient(sim);
        var train = Example.Load(TestData.Split("bbh", "navigate", "train"));
        var e = Example.Load(TestData.Split("bbh", "navigate", "dev"))[0];

        var zeroShot = (await client.ChatAsync(Requests.Task($"{e.Input}\n{CoT}")))[0];
        var fewShot = (await client.ChatAsync(new
        {
            model = "sim-task",
            temperature = 0,
            messages = new[]
            {
                new { role = "user", content = $"{train[0].Input}\n{CoT}" },
                new { role = "assistant", content = train[0].Target },
                new { role = "user", content = $"{e.Input}\n{CoT}" },
            },
        }))[0];

        Assert.Equal(zeroShot, fewShot);
    }

    [Fact]
    public async Task When_the_task_model_is_wrong_Should_give_a_plausible_answer_of_the_same_kind()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(Options());
        using var client = new SimClient(sim);

        foreach (var e in Example.Load(TestData.Split("bbh", "object_counting", "dev")))
        {
            var answer = Replies.FinalAnswer((await client.ChatAsync(Requests.Task($"{e.Input}\n{Harmful}")))[0]);
            var value = long.Parse(answer, CultureInfo.InvariantCulture);
            Assert.InRange(value, long.Parse(e.Target, CultureInfo.InvariantCulture) - 3, long.Parse(e.Target, CultureInfo.InvariantCulture) + 3);
        }

        foreach (var e in Example.Load(TestData.Split("bbh", "word_sorting", "dev")).Take(16))
        {
            var answer = Replies.FinalAnswer((await client.ChatAsync(Requests.Task($"{e.Input}\n{Harmful}")))[0]);
            Assert.Equal(e.Target.Split(' ').Order(), answer.Split(' ').Order());
        }
    }

    [Fact]
    public async Task When_the_question_is_unknown_Should_still_pick_one_of_its_options()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(Options());
        using var client = new SimClient(sim);

        var reply = (await client.ChatAsync(Requests.Task("Which colour is the sky on Mars at noon?\nOptions:\n(A) blue\n(B) butterscotch\n(C) green\nLet's think.")))[0];

        Assert.Contains(Replies.FinalAnswer(reply), new[] { "(A)", "(B)", "(C)" });
    }

    private static async Task<double> AccuracyAsync(SimClient client, IReadOnlyList<Example> examples, string instruction)
    {
        var correct = 0;
        foreach (var e in examples)
        {
            var reply = (await client.ChatAsync(Requests.Task($"{e.Input}\n{instruction}")))[0];
            correct += Replies.IsCorrect(reply, e.Target) ? 1 : 0;
        }

        return (double)correct / examples.Count;
    }
}
