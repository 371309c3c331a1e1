namespace GpoPipeline.SimulatedLlm.Tests;

/// <summary>Request bodies the specs send.</summary>
public static class Requests
{
    public static object Task(string userMessage, long? seed = null, int n = 1, double temperature = 0) => new
    {
        model = "sim-task",
        n,
        temperature,
        seed,
        messages = new[] { new { role = "user", content = userMessage } },
    };

    public static object TwoRound(string userMessage, string firstAnswer, string formatInstruction) => new
    {
        model = "sim-task",
        temperature = 0,
        messages = new[]
        {
            new { role = "user", content = userMessage },
            new { role = "assistant", content = firstAnswer },
            new { role = "user", content = formatInstruction },
        },
    };

    public static object Optimizer(string metaPrompt, long? seed = null, int n = 8) => new
    {
        model = "sim-optimizer",
        n,
        temperature = 1.0,
        seed,
        messages = new[] { new { role = "user", content = metaPrompt } },
    };
}
