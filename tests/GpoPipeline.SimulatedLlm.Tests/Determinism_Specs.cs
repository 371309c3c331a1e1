namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class Determinism_Specs
{
    private static string MetaPrompt() => MetaPrompts.Build(
        "Let's think step by step.", 40, [.. Example.Load(TestData.Split("bbh", "navigate", "format")).Take(3)], ("Let's think step by step.", 50.0));

    private static async Task<IReadOnlyList<string>> AskAsync(long simulatorSeed, object body)
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = simulatorSeed, DataRoot = TestData.Root });
        using var client = new SimClient(sim);
        return await client.ChatAsync(body);
    }

    [Fact]
    public async Task When_the_same_request_reaches_two_servers_with_the_same_seed_Should_get_the_same_choices()
    {
        var body = Requests.Optimizer(MetaPrompt(), seed: 11, n: 8);

        Assert.Equal(await AskAsync(1, body), await AskAsync(1, body));
    }

    [Fact]
    public async Task When_the_simulator_seed_differs_Should_propose_different_candidates()
    {
        var body = Requests.Optimizer(MetaPrompt(), seed: 11, n: 8);

        Assert.NotEqual(await AskAsync(1, body), await AskAsync(2, body));
    }

    [Fact]
    public async Task When_only_the_request_seed_field_differs_Should_propose_different_candidates()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1, DataRoot = TestData.Root });
        using var client = new SimClient(sim);

        var first = await client.ChatAsync(Requests.Optimizer(MetaPrompt(), seed: 100, n: 8));
        var second = await client.ChatAsync(Requests.Optimizer(MetaPrompt(), seed: 101, n: 8));

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task When_the_task_model_is_asked_the_same_question_twice_Should_answer_the_same()
    {
        var e = Example.Load(TestData.Split("bbh", "navigate", "dev"))[0];
        var body = Requests.Task($"{e.Input}\nLet's think step by step.");

        Assert.Equal(await AskAsync(9, body), await AskAsync(9, body));
    }
}
