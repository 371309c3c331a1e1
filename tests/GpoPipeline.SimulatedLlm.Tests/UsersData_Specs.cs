using System.Text.Json;

namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>Issue 18: `gpo sim --data` — the simulated task model knows the answers of a user's own dataset file.</summary>
public sealed class UsersData_Specs
{
    private const string Helpful = "Let's think step by step. Carefully track your position and direction after each instruction, check it, and give the final answer.";

    [Fact]
    public async Task When_a_users_jsonl_file_is_a_data_root_Should_answer_its_questions_like_shipped_ones_instead_of_guessing()
    {
        // A user's own task: answers no guess can hit (a 4-digit number per question), unknown to the shipped data.
        var examples = Enumerable.Range(0, 40)
            .Select(i => new Example($"Warehouse ticket {i}: which 4-digit bin code is written on the ticket?", (1000 + (i * 7919 % 9000)).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        var folder = Directory.CreateTempSubdirectory("gpo-sim-data-");
        var file = Path.Combine(folder.FullName, "my_task.jsonl");
        await File.WriteAllLinesAsync(file, examples.Select(e => JsonSerializer.Serialize(new { input = e.Input, target = e.Target })));
        try
        {
            var guessing = await AccuracyAsync(new SimulatorOptions { Seed = 1, DataRoot = TestData.Root }, examples);
            var knowing = await AccuracyAsync(new SimulatorOptions { Seed = 1, DataRoot = $"{TestData.Root};{file}" }, examples);

            Assert.True(guessing <= 0.05 && knowing >= 0.25, $"with the user's file {knowing:P1}, without {guessing:P1}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<double> AccuracyAsync(SimulatorOptions options, List<Example> examples)
    {
        await using var sim = await SimulatedLlmServer.StartAsync(options);
        using var client = new SimClient(sim);
        var correct = 0;
        foreach (var e in examples)
        {
            var reply = (await client.ChatAsync(Requests.Task($"{e.Input}\n{Helpful}")))[0];
            correct += Replies.IsCorrect(reply, e.Target) ? 1 : 0;
        }

        return (double)correct / examples.Count;
    }
}
