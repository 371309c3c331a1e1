using GpoPipeline.Optimization.Candidates;
using System.Text.RegularExpressions;

namespace GpoPipeline.SimulatedLlm.Tests;

public sealed class BaselineReplies_Specs
{
    // OPRO's meta-prompt as OproMetaPrompt builds it (Golden/Strategies/opro.txt in the optimization specs).
    private const string Opro =
        "Your task is to generate the instruction <INS>. Below are some previous instructions with their scores. The score ranges from 0 to 100.\n"
        + "\ntext:\nAnswer True or False.\nscore:\n38\n"
        + "\ntext:\nThink step by step and answer with True or False.\nscore:\n62\n"
        + "\n\nBelow are some problems.\n"
        + "\nProblem:\nnot True or False and True and True is\n<INS>\n\nGround truth answer:\nFalse\n"
        + "\n\nGenerate an instruction that is different from all the instructions <INS> above, and has a higher score than all the instructions <INS> above. The instruction should begin with <INS> and end with </INS>. The instruction should be concise, effective, and generally applicable to all problems above.";

    private const string Ape = "Generate a variation of the following instruction while keeping the semantic meaning.\n\nInput: Think step by step and answer with True or False.\n\nOutput:";

    [Fact]
    public async Task When_the_optimizer_gets_an_OPRO_meta_prompt_Should_answer_each_choice_with_one_new_instruction_between_INS_tags()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 3, DataRoot = TestData.Root, MalformedRate = 1 });
        using var client = new SimClient(sim);

        var replies = await client.ChatAsync(Requests.Optimizer(Opro, seed: 1, n: 8));

        Assert.All(replies, r => Assert.Matches(new Regex("^<INS>[^<>]+</INS>$"), r));
        var instructions = replies.Select(r => r[5..^6]).ToList();
        Assert.DoesNotContain("Think step by step and answer with True or False.", instructions);
        Assert.True(instructions.Distinct().Count() > 1, string.Join(" | ", instructions));
    }

    [Fact]
    public async Task When_the_optimizer_gets_APE_resampling_prompt_Should_answer_with_a_variation_of_the_input_alone()
    {
        await using var sim = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 3, DataRoot = TestData.Root, MalformedRate = 1 });
        using var client = new SimClient(sim);

        var replies = await client.ChatAsync(Requests.Optimizer(Ape, seed: 1, n: 8));

        Assert.All(replies, r =>
        {
            Assert.DoesNotContain("<", r, StringComparison.Ordinal);
            Assert.InRange(Replies.WordEditDistance(r, "Think step by step and answer with True or False."), 1, 60);
        });
    }
}
