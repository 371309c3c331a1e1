using System.Diagnostics;
using GpoPipeline.Trajectories;

using GpoPipeline.Testing;

namespace GpoPipeline.Pipeline.Tests;

[Collection(BrokerSpecs.Name)]
public sealed class Tracing_Specs
{
    [Fact]
    public async Task When_a_run_completes_Should_trace_each_step_as_one_trace_through_every_service()
    {
        await using var cluster = await PipelineCluster.StartAsync(scorers: 1, captureSpans: true);
        var runId = await cluster.StartRunAsync(PipelineCluster.SmallRun());
        var run = await cluster.WaitAsync(runId);
        Assert.Equal(RunStatus.Completed, run.Status);
        // The last spans end after the run document is written: wait for them to be exported, not for a fixed time.
        var spans = cluster.Spans();
        List<Activity> StepSpans() => spans.Where(s => s.OperationName == "gpo.step" && Equals(s.GetTagItem("gpo.run.id"), runId.ToString())).ToList();
        for (var attempt = 0; attempt < 300 && StepSpans().Count < run.TotalSteps + 2; attempt++)
        {
            await Task.Delay(100);
            spans = cluster.Spans();
        }

        var steps = StepSpans();
        Assert.Equal(run.TotalSteps + 2, steps.Count); // initial scoring, every step, the test evaluation
        Assert.Equal("baseline", steps.Single(s => (int)s.GetTagItem("gpo.step")! == 0).GetTagItem("gpo.phase"));
        Assert.Equal("test", steps.Single(s => (int)s.GetTagItem("gpo.step")! == run.TotalSteps + 1).GetTagItem("gpo.phase"));

        foreach (var step in steps.Where(s => (int)s.GetTagItem("gpo.step")! is >= 1 and var n && n <= run.TotalSteps))
        {
            var number = (int)step.GetTagItem("gpo.step")!;
            var trace = spans.Where(s => s.TraceId == step.TraceId).ToList();
            Assert.Single(trace, s => s.OperationName == "gpo.step"); // no span crosses two steps
            Assert.Equal(default, step.ParentSpanId); // each step is a root, linked to the run
            Assert.Contains(step.Links, link => link.Context.TraceId != step.TraceId);
            var consumers = trace.Where(s => s.Kind == ActivityKind.Consumer)
                .Select(s => s.GetTagItem("messaging.masstransit.consumer_type") as string ?? s.DisplayName).ToList();
            Assert.Contains(consumers, c => c.Contains("StepStartedConsumer", StringComparison.Ordinal));
            Assert.Contains(consumers, c => c.Contains("DirectionRetrievedConsumer", StringComparison.Ordinal));
            Assert.Contains(consumers, c => c.Contains("CandidatesGeneratedConsumer", StringComparison.Ordinal));
            Assert.Contains(consumers, c => c.Contains("ScoreBatchConsumer", StringComparison.Ordinal));
            Assert.Contains(consumers, c => c.Contains("BatchScoredConsumer", StringComparison.Ordinal));
            Assert.Equal("optimize", step.GetTagItem("gpo.phase"));
            foreach (var phase in new[] { "gpo.retrieval", "gpo.generation", "gpo.scoring.batch", "gpo.selection" })
            {
                Assert.Contains(trace, s => s.OperationName == phase); // named phases across the worker hosts
            }

            var llm = trace.Where(s => s.Source.Name == "GpoPipeline.Llm").ToList();
            Assert.Contains(llm, s => Equals(s.GetTagItem("gen_ai.request.model"), "sim-optimizer"));
            Assert.Contains(llm, s => Equals(s.GetTagItem("gen_ai.request.model"), "sim-task"));
            Assert.All(llm.Where(s => s.GetTagItem("gpo.step") is not null), s => Assert.Equal(number, Convert.ToInt32(s.GetTagItem("gpo.step"), System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task When_the_test_step_refills_its_window_Should_trace_it_as_one_trace_and_store_that_trace_once()
    {
        // Two batches in flight per run: the test step's batches (12 examples in batches of 4, for each prompt tested)
        // leave by refills, each in a reply of the test step. Each refill started a test-step root of its own and rewrote the run.
        await using var cluster = await PipelineCluster.StartAsync(
            scorers: 1, captureSpans: true, settings: new Dictionary<string, string?> { ["Scheduler:MaxBatchesInFlightPerRun"] = "2" });
        var runId = await cluster.StartRunAsync(PipelineCluster.SmallRun(seed: 11));
        var run = await cluster.WaitAsync(runId);
        Assert.Equal(RunStatus.Completed, run.Status);
        var testStep = run.TotalSteps + 1;
        bool IsTestBatch(Activity s) => s.OperationName == "gpo.scoring.batch" && Equals(s.GetTagItem("gpo.run.id"), runId.ToString()) && Equals(s.GetTagItem("gpo.step"), testStep);
        // The last spans end after the run document is written: wait until no more arrive.
        var spans = cluster.Spans();
        for (var (attempt, seen) = (0, -1); attempt < 100 && spans.Count(IsTestBatch) != seen; attempt++)
        {
            seen = spans.Count(IsTestBatch);
            await Task.Delay(300);
            spans = cluster.Spans();
        }

        var roots = spans.Where(s => s.OperationName == "gpo.step" && Equals(s.GetTagItem("gpo.run.id"), runId.ToString()) && Equals(s.GetTagItem("gpo.step"), testStep)).ToList();
        var root = Assert.Single(roots);
        var batches = spans.Where(IsTestBatch).ToList();
        Assert.True(batches.Count > 2, $"{batches.Count} test batches: the window of 2 was never refilled");
        Assert.All(batches, b => Assert.Equal(root.TraceId, b.TraceId)); // every batch of the test step in its one trace
        Assert.Equal(root.TraceId.ToString(), run.Steps.Single(s => s.Step == testStep).TraceId);
    }
}
