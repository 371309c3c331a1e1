using System.Diagnostics;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Two deliveries of one StartRun that both read no run both start the run's `gpo.run` and step-0 `gpo.step` spans
/// (the run document holds their ids), and only one creates the run. The loser's spans were exported as orphans: a
/// second run span and a second baseline trace for the same run id. Spans exported through the OpenTelemetry SDK,
/// which listens to the scheduler's ActivitySource as every deployment's exporter does (alone: the exporter's list is
/// not thread-safe, and other specs' runs would be exported into it).
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class DuplicateStartSpans_Specs
{
    [Fact]
    public async Task When_a_duplicate_StartRun_loses_the_runs_creation_Should_export_no_run_or_step_span_of_its_own()
    {
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(RunTracing.SourceName).AddInMemoryExporter(exported).Build();
        HiddenRuns? hidden = null;
        await using var harness = await ConsumerHarness.StartAsync(bus => bus.AddConsumer<CancelRunConsumer>(), wrapStore: store =>
        {
            (var wrapped, hidden) = HiddenRuns.Around(store);
            return wrapped;
        });
        var driver = harness.Services.GetRequiredService<RunDriver>();
        var start = RunSubmission.Create(PipelineCluster.SmallRun());
        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);
        hidden!.Hide(start.RunId); // the duplicate reads no run: it goes on to create one, and loses

        await driver.StartAsync(start, harness.Harness.Bus, CancellationToken.None);
        tracing.ForceFlush();

        var runId = start.RunId.ToString();
        List<Activity> Exported(string name) => [.. exported.Where(s => s.OperationName == name && Equals(s.GetTagItem("gpo.run.id"), runId))];

        var run = Assert.Single(Exported(RunTracing.Run));
        Assert.Single(Exported(RunTracing.Step)); // the creator's baseline step
        var stored = await harness.Store.GetRunAsync(start.RunId);
        Assert.Equal(run.Id, stored!.RunTraceParent); // the one exported is the stored run's
    }
}
