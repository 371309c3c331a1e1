using GpoPipeline.DecayScheduler.Consumers;
using GpoPipeline.DecayScheduler.Dispatch;
using GpoPipeline.DecayScheduler.Health;
using GpoPipeline.Optimization.Datasets;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.DecayScheduler;

/// <summary>The DecayScheduler worker: its services and its consumers (also used by the embedded host).</summary>
public static class DecaySchedulerRegistration
{
    public static IServiceCollection AddDecayScheduler(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics(); // IMeterFactory: SchedulerMetrics, RunTelemetry
        services.TryAddSingleton<DatasetCatalog>();
        services.AddSingleton<RunUpdater>();
        services.AddSingleton<SchedulerMetrics>();
        services.AddSingleton<RunTelemetry>();
        services.AddSingleton<RunPlanner>();
        services.AddSingleton(provider => new RunDatasets(
            provider.GetRequiredService<Trajectories.IRunStore>(), provider.GetRequiredService<IOptions<SchedulerOptions>>().Value.DatasetCacheBytes));
        services.AddSingleton(provider => new BatchWindow(provider.GetRequiredService<IOptions<SchedulerOptions>>().Value.MaxBatchesInFlightPerRun));
        services.AddSingleton<RedriveGate>();
        services.AddSingleton<WorkDispatcher>();
        services.AddSingleton<RunDriver>();
        services.AddSchedulerOptions();
        services.AddSingleton<StalledRunWatchdog>();
        services.AddHostedService(provider => provider.GetRequiredService<StalledRunWatchdog>());
        services.AddRunStoreHealth(); // only store owners register the scheduler, so only they report the store
        return services;
    }

    public static IBusRegistrationConfigurator AddDecaySchedulerConsumers(this IBusRegistrationConfigurator bus)
    {
        Add<StartRunConsumer>(bus);
        Add<CandidatesGeneratedConsumer>(bus);
        Add<BatchScoredConsumer>(bus);
        Add<CancelRunConsumer>(bus);
        Add<ResumeRunConsumer>(bus);
        Add<RunFaultConsumer>(bus);
        return bus;
    }

    private static void Add<TConsumer>(IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer =>
        bus.AddConsumer<TConsumer, SchedulerConsumerDefinition<TConsumer>>();
}
