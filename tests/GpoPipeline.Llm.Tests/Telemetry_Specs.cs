using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace GpoPipeline.Llm.Tests;

[Collection(SerialTelemetry.Name)]
public sealed class Telemetry_Specs
{
    [Fact]
    public async Task When_calls_are_made_Should_produce_a_GenAI_span_per_call_with_model_tokens_and_run()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(LlmTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        await using var llm = await ModelAccessHarness.StartAsync();
        var call = new ModelCall(Guid.NewGuid(), 3, Purpose: "score");

        await llm.Task.CompleteAsync(ModelAccessHarness.Question("span one"), call, default);
        await llm.Task.CompleteAsync(ModelAccessHarness.Question("span two"), call, default);
        await llm.Task.CompleteAsync(ModelAccessHarness.Question("span one"), call, default);
        tracing.ForceFlush();

        var ours = spans.Where(s => (string?)s.GetTagItem(LlmTelemetry.RunIdTag) == call.RunId.ToString()).ToList();
        Assert.Equal(3, ours.Count);
        Assert.All(ours, span =>
        {
            Assert.Equal("sim-task", span.GetTagItem("gen_ai.request.model"));
            Assert.Equal(3, span.GetTagItem(LlmTelemetry.StepTag));
        });
        var requests = llm.Requests;
        Assert.Equal(
            requests.Select(r => (object?)r.PromptTokens).Order(),
            ours.Where(s => s.GetTagItem(LlmTelemetry.CacheHitTag) is false).Select(s => s.GetTagItem("gen_ai.usage.input_tokens")).Order());
        Assert.Single(ours, s => s.GetTagItem(LlmTelemetry.CacheHitTag) is true);
    }

    [Fact]
    public async Task When_calls_succeed_and_fail_Should_keep_the_API_key_out_of_spans_and_logs()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(LlmTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        await using var good = await ModelAccessHarness.StartAsync(sim =>
        {
            sim.Faults.Rate429 = 0.5;
            sim.Faults.RetryAfterSeconds = 0.01;
        });
        await using var bad = await ModelAccessHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:Optimizer:ApiKey"] = "sk-leaked-if-you-see-this",
        });

        for (var i = 0; i < 10; i++)
        {
            await good.Task.CompleteAsync(ModelAccessHarness.Question($"secret-free {i}"), new ModelCall(Guid.NewGuid(), 1), default);
        }

        await good.Optimizer.GenerateAsync("meta", 4, new ModelCall(Guid.NewGuid(), 1), default);
        await Assert.ThrowsAsync<ModelCallException>(() => bad.Optimizer.GenerateAsync("meta", 1, new ModelCall(Guid.NewGuid(), 1), default));
        tracing.ForceFlush();

        var texts = spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(spans.SelectMany(s => s.Events.Select(e => e.Name)))
            .Concat(good.Logs.Lines).Concat(bad.Logs.Lines).ToList();
        Assert.NotEmpty(good.Logs.Lines);
        Assert.Contains(good.Logs.Lines, line => line.Contains("Retrying", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, text => text.Contains(ModelAccessHarness.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(texts, text => text.Contains("sk-leaked-if-you-see-this", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_calls_are_paid_or_cached_Should_count_them_on_the_meter()
    {
        var measured = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LlmTelemetry.SourceName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, value, _, _) => Add(measured, i.Name, value));
        listener.SetMeasurementEventCallback<double>((i, value, _, _) => Add(measured, i.Name, value));
        listener.Start();
        await using var llm = await ModelAccessHarness.StartAsync();
        var call = new ModelCall(Guid.NewGuid(), 1);

        await llm.Task.CompleteAsync(ModelAccessHarness.Question("meter"), call, default);
        await llm.Task.CompleteAsync(ModelAccessHarness.Question("meter"), call, default);

        var totals = await llm.Ledger.GetTotalsAsync(call.RunId, default);
        Assert.Equal(1, measured["gpo.llm.calls"]);
        Assert.Equal(1, measured["gpo.llm.cache_hits"]);
        Assert.Equal(totals.TotalTokens, measured["gpo.llm.tokens"]);
        Assert.Equal(totals.Cost, measured["gpo.llm.cost"], precision: 12);
    }

    private static void Add(Dictionary<string, double> measured, string name, double value)
    {
        lock (measured)
        {
            measured[name] = measured.GetValueOrDefault(name) + value;
        }
    }
}
