using GpoPipeline.DecayScheduler;
using GpoPipeline.DirectionRetrieval;
using GpoPipeline.PromptGeneration;
using GpoPipeline.Scoring;
using MassTransit;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>Every worker's consumers on one <see cref="ConsumerHarness"/> (in memory): a run goes from StartRun to its end.</summary>
internal static class WholePipeline
{
    public static void Consumers(IBusRegistrationConfigurator bus)
    {
        bus.AddDecaySchedulerConsumers();
        bus.AddDirectionRetrievalConsumers();
        bus.AddPromptGenerationConsumers();
        bus.AddScoringConsumers();
    }
}
