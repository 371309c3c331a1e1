using GpoPipeline.Trajectories;

namespace GpoPipeline.Dashboard.Tests;

/// <summary>
/// Issue 14: a run observed in the Aspire dashboard tells its story — asserted through the dashboard's own API
/// after a real OTLP export, so these specs see what an operator sees.
/// </summary>
[Collection(ObservedDashboard.Name)]
public sealed class Dashboard_Specs(ObservedRun observed)
{
    private IEnumerable<IGrouping<string, ExportedSpan>> Traces => observed.Spans.GroupBy(s => s.TraceId);

    [Fact]
    public void When_a_run_is_exported_Should_show_one_gpo_step_trace_per_step_including_baseline_and_test_each_linked_to_the_run()
    {
        Assert.True(observed.Run.Status == RunStatus.Completed, $"run {observed.Run.Status}: {observed.Run.FailureReason}");
        var run = Assert.Single(observed.Spans, s => s.Name == "gpo.run" && s["gpo.run.id"] == observed.RunId);
        var steps = observed.Spans.Where(s => s.Name == "gpo.step" && s["gpo.run.id"] == observed.RunId).ToList();

        var total = observed.Run.TotalSteps;
        Assert.Equal(Enumerable.Range(0, total + 2).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), steps.Select(s => s["gpo.step"]).Order(StringComparer.Ordinal));
        Assert.Equal(steps.Count, steps.Select(s => s.TraceId).Distinct().Count()); // one trace per step
        Assert.All(steps, step =>
        {
            Assert.True(step.IsRoot);
            Assert.Single(observed.Spans, s => s.TraceId == step.TraceId && s.Name == "gpo.step");
            Assert.Contains((run.TraceId, run.SpanId), step.Links);
        });
        Assert.Equal("baseline", steps.Single(s => s["gpo.step"] == "0")["gpo.phase"]);
        Assert.Equal("test", steps.Single(s => s["gpo.step"] == $"{total + 1}")["gpo.phase"]);
        Assert.All(steps.Where(s => s["gpo.phase"] == "optimize"), s => Assert.NotNull(s["gpo.edit_budget"]));
        Assert.Equal(total, steps.Count(s => s["gpo.phase"] == "optimize"));

        var completed = Assert.Single(observed.Spans, s => s.Name == "gpo.run.completed");
        Assert.True(completed.IsRoot);
        Assert.Contains((run.TraceId, run.SpanId), completed.Links);
        Assert.Equal("completed", completed["gpo.run.status"]);
        Assert.Equal(observed.Usage.Sum(u => u.Calls).ToString(System.Globalization.CultureInfo.InvariantCulture), completed["gpo.run.calls"]);
    }

    [Fact]
    public void When_a_run_is_exported_Should_leave_no_trace_without_the_run_id()
    {
        Assert.NotEmpty(observed.Spans);
        Assert.All(Traces, trace => Assert.Contains(trace, s => s["gpo.run.id"] == observed.RunId));
        Assert.Contains(Traces, trace => trace.Any(s => s.Name == "gpo.run.submit") && trace.Any(s => s.Name == "gpo.run"));
    }

    [Fact]
    public void When_a_run_is_exported_Should_show_one_GenAI_span_per_model_call()
    {
        var genAi = observed.Spans.Where(s => s["gen_ai.operation.name"] is not null).ToList();
        Assert.All(genAi, s => Assert.Equal(observed.RunId, s["gpo.run.id"]));

        // Chat calls carry one prompt each: a span per call, answered by the model or by the cache.
        var chatUsage = observed.Usage.Where(u => u.Role is "task" or "optimizer").ToList();
        Assert.Equal(chatUsage.Sum(u => u.Calls + u.CacheHits), genAi.Count(s => s["gen_ai.operation.name"] == "chat"));

        // A span reached the model when it made an HTTP request: exactly the run's paid calls (an embedding
        // call sends only the texts the cache did not answer).
        var reachedModel = genAi.Count(g => observed.Spans.Any(s => s.TraceId == g.TraceId && s.ParentSpanId == g.SpanId && s["http.request.method"] is not null));
        Assert.Equal(observed.Usage.Sum(u => u.Calls), reachedModel);
    }

    [Fact]
    public void When_a_run_is_exported_Should_name_the_phases_of_every_step()
    {
        foreach (var step in observed.Spans.Where(s => s.Name == "gpo.step"))
        {
            var names = observed.Spans.Where(s => s.TraceId == step.TraceId).Select(s => s.Name).ToList();
            Assert.Contains("gpo.scoring.batch", names);
            Assert.Contains("gpo.selection", names);
            if (step["gpo.phase"] == "optimize")
            {
                Assert.Contains("gpo.retrieval", names);
                Assert.Contains("gpo.generation", names);
            }
        }

        // The step's result is on its selection span and matches what the run store holds.
        foreach (var entry in observed.Run.Trajectory.Where(t => t.Step > 0))
        {
            var selection = Assert.Single(observed.Spans, s => s.Name == "gpo.selection" && s["gpo.step"] == $"{entry.Step}");
            Assert.Equal($"{entry.CandidateIndex}", selection["gpo.step.selected_candidate"]);
            Assert.Equal(entry.DevScore, double.Parse(selection["gpo.step.selected_score"]!, System.Globalization.CultureInfo.InvariantCulture), 9);
        }
    }

    [Fact]
    public void When_a_run_is_exported_Should_log_each_step_and_the_run_completion_with_the_run_id()
    {
        var ours = observed.Logs.Where(l => l["gpo.run.id"] == observed.RunId).ToList();
        var completed = Assert.Single(ours, l => l.Body.StartsWith($"Run {observed.RunId} completed:", StringComparison.Ordinal));
        Assert.Equal("Information", completed.Severity);
        Assert.Equal(observed.Run.TotalSteps + 2, ours.Count(l => l.Body.StartsWith("Step ", StringComparison.Ordinal) && l.Body.Contains(" completed:", StringComparison.Ordinal)));
    }

    [Fact]
    public void When_a_run_is_exported_Should_show_neither_the_API_key_nor_any_prompt_or_example_text()
    {
        Assert.NotEmpty(observed.UserText);
        Assert.Contains(observed.Logs, l => l.Severity == "Debug" && l.Category == "Microsoft.Extensions.AI.LoggingChatClient");
        var telemetry = observed.SpansText + observed.LogsText;
        Assert.DoesNotContain(ObservedRun.CanaryKey, telemetry, StringComparison.Ordinal);
        Assert.DoesNotContain("Canary instruction 5e2b", telemetry, StringComparison.Ordinal);
        Assert.All(observed.UserText, text => Assert.DoesNotContain(text, telemetry, StringComparison.Ordinal));
    }
}
