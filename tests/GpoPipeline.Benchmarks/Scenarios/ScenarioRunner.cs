using System.Globalization;
using System.Text;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>Runs the end-to-end scenarios P1–P5 and writes one Markdown table of ratios measured in this run.</summary>
public static class ScenarioRunner
{
    /// <summary>Every scenario <c>--only</c> can name (P5, P7 and P8 run in full mode only).</summary>
    public static IReadOnlyList<string> Ids => [.. Scenarios(new ScenarioScale(Quick: false)).Select(s => s.Id)];

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(ScenarioScale scale, TextWriter log, IReadOnlySet<string>? only = null)
    {
        var results = new List<ScenarioResult>();
        foreach (var (id, run) in Scenarios(scale).Where(s => only is null || only.Contains(s.Id)))
        {
            await log.WriteLineAsync($"running {id} …");
            var result = await run();
            await log.WriteLineAsync($"{result.Id}: {result.Measured} → {result.Ratio.ToString("0.00", CultureInfo.InvariantCulture)}");
            results.Add(result);
        }

        return results;
    }

    private static List<(string Id, Func<Task<ScenarioResult>> Run)> Scenarios(ScenarioScale scale)
    {
        var scenarios = new List<(string Id, Func<Task<ScenarioResult>> Run)>
        {
            ("P1", () => OrchestrationScenarios.OverheadAsync(scale)),
            ("P1b", () => OrchestrationScenarios.AgainstReferenceLoopAsync(scale)),
            ("P2", () => ThroughputScenarios.ScaleOutAsync(scale)),
            ("P3", () => ThroughputScenarios.BusOverheadAsync(scale)),
            ("P4", () => SpendScenario.RunAsync(scale)),
        };
        if (!scale.Quick)
        {
            scenarios.Add(("P5", MemoryScenario.RunAsync));
            // Full mode only, like P5: each runs several fresh clusters (≈1 min), too long for the quick smoke spec.
            scenarios.Add(("P7", () => FaultSlowdownScenario.RunAsync(scale)));
            scenarios.Add(("P8", () => RateLimitScenario.RunAsync(scale)));
        }

        return scenarios;
    }

    public static string Markdown(IReadOnlyList<ScenarioResult> results, string machine)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine}. All model calls go to the simulated LLM (a test instrument).");
        text.AppendLine();
        text.AppendLine("| id | what | measured | ratio / figure | target | met | notes |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var met = r.Met switch { true => "yes", false => "**no**", null => "–" };
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Id} | {r.What} | {r.Measured} | {r.Ratio:0.00} | {r.Target} | {met} | {r.Notes} |");
        }

        return text.ToString();
    }
}
