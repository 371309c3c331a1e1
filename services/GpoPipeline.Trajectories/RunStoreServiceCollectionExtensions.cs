using GpoPipeline.Llm;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Trajectories;

/// <summary>Registers the run store every host shares, and the response cache on top of it.</summary>
public static class RunStoreServiceCollectionExtensions
{
    /// <summary>Binds <see cref="StoreOptions"/> from the <c>Store</c> section; no MongoDB URI there means the embedded store.</summary>
    public static IServiceCollection AddRunStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.Section));
        return services.AddRunStoreCore();
    }

    public static IServiceCollection AddRunStore(this IServiceCollection services, Action<StoreOptions> configure)
    {
        services.AddOptions<StoreOptions>().Configure(configure);
        return services.AddRunStoreCore();
    }

    private static IServiceCollection AddRunStoreCore(this IServiceCollection services)
    {
        // One store per process: the embedded file may be opened once, and a MongoClient is meant to be shared.
        services.TryAddSingleton(provider => RunStoreFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value));
        // The LLM response cache lives in the store, so every worker of a deployment shares it.
        // Replace (not TryAdd) so the order of AddRunStore and AddModelAccess does not matter: in-memory
        // defaults would silently split the cache and the budget per process.
        services.Replace(ServiceDescriptor.Singleton<IDistributedCache, RunStoreDistributedCache>());
        services.Replace(ServiceDescriptor.Singleton<IUsageLedger, RunStoreUsageLedger>());
        return services;
    }
}
