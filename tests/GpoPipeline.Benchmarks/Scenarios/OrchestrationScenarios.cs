using System.Diagnostics;
using System.Globalization;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.Optimization.Tasks;
using GpoPipeline.Testing;
using OpenAI;
using OpenAI.Chat;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>P1 (step wall time vs its critical path) and P1b (against the official code's sequential loop).</summary>
public static class OrchestrationScenarios
{
    public static async Task<ScenarioResult> OverheadAsync(ScenarioScale scale)
    {
        const int scorers = 2, messages = 2, batch = 8;
        await using var cluster = await ClusterRuns.StartAsync(scorers, scale.LatencyMs, messages, examplesPerMessage: batch);
        var run = await ClusterRuns.RunAsync(cluster, ClusterRuns.Settings(scale.Steps, scale.Candidates, scale.Dev, batch));

        // Critical path of a step: one optimizer round (n calls in parallel), then waves of batches; a batch runs its
        // examples concurrently and each example makes two sequential calls (two-round extraction, spec §5.3).
        double wall = 0, critical = 0;
        foreach (var step in run.Steps.Where(s => s.Step >= 1 && s.Step <= run.TotalSteps))
        {
            var batches = step.Candidates.Count * (int)Math.Ceiling(run.DevCount / (double)batch);
            var waves = (int)Math.Ceiling(batches / (double)(scorers * messages));
            critical += scale.LatencyMs * (1 + (2 * waves));
            wall += (step.CompletedAt!.Value - step.StartedAt).TotalMilliseconds;
        }

        var ratio = wall / critical;
        return new ScenarioResult("P1", "orchestration overhead", string.Create(CultureInfo.InvariantCulture,
            $"step wall {wall / (run.TotalSteps):0} ms vs critical path {critical / run.TotalSteps:0} ms"),
            ratio, "≤ 1.10", ratio <= 1.10,
            $"{scale.LatencyMs} ms latency, {scorers} scorers × {messages} batches × {batch} examples in flight, {run.TotalSteps} steps × {scale.Candidates} candidates × {run.DevCount} dev",
            Goal: 1.10, LowerIsBetter: true);
    }

    public static async Task<ScenarioResult> AgainstReferenceLoopAsync(ScenarioScale scale)
    {
        // The pipeline with 4-way concurrency: one scorer, one batch at a time, 4 examples per batch.
        await using var cluster = await ClusterRuns.StartAsync(scorers: 1, scale.LatencyMs, concurrentMessages: 1, examplesPerMessage: 4);
        var run = await ClusterRuns.RunAsync(cluster, ClusterRuns.Settings(1, scale.Candidates, scale.ReferenceDev, batch: 4));
        var step = run.Steps.Single(s => s.Step == 1);
        var pipelineMs = (step.CompletedAt!.Value - step.StartedAt).TotalMilliseconds;

        // The official code's loop (spec §8 "Parallelism"): candidates one after another, examples one by one,
        // two rounds each, plus one optimizer call per candidate — same simulator, same latency.
        var dataset = new DatasetCatalog().Get(run.Settings.DataPath);
        var client = new OpenAIClient(new System.ClientModel.ApiKeyCredential("sim"), new OpenAIClientOptions { Endpoint = cluster.Simulator.BaseUrl });
        var task = client.GetChatClient("sim-task");
        var optimizer = client.GetChatClient("sim-optimizer");
        var watch = Stopwatch.StartNew();
        foreach (var candidate in step.Candidates)
        {
            await optimizer.CompleteChatAsync([new UserChatMessage("Your task is to write a prompt to replace <Prompt>.")]);
            foreach (var example in dataset[Split.Dev].Take(run.DevCount))
            {
                var first = await task.CompleteChatAsync([new UserChatMessage(TaskInput.Build(example.Input, candidate.Prompt, PromptPosition.QEnd))]);
                await task.CompleteChatAsync([
                    new UserChatMessage(TaskInput.Build(example.Input, candidate.Prompt, PromptPosition.QEnd)),
                    new AssistantChatMessage(first.Value.Content[0].Text),
                    new UserChatMessage(SecondRound.Instruction(dataset.Task, example.Input) ?? "Answer."),
                ]);
            }
        }

        var referenceMs = watch.Elapsed.TotalMilliseconds;
        var speedup = referenceMs / pipelineMs;
        return new ScenarioResult("P1b", "against the reference loop", string.Create(CultureInfo.InvariantCulture,
            $"sequential loop {referenceMs:0} ms vs pipeline step {pipelineMs:0} ms"), speedup, "report speed-up", null,
            $"{step.Candidates.Count} candidates × {run.DevCount} dev × 2 rounds at {scale.LatencyMs} ms; pipeline 4 examples in flight");
    }
}
