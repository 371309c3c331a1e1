using System.Diagnostics;
using GpoPipeline.Contracts;
using MassTransit;

namespace GpoPipeline.ServiceDefaults.Tests;

public sealed class StepStartedProbeConsumer(StepStartedProbe probe) : IConsumer<StepStarted>
{
    public Task Consume(ConsumeContext<StepStarted> context)
    {
        probe.Observe(context.Message, Activity.Current);
        return Task.CompletedTask;
    }
}
