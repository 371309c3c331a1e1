using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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
        services.TryAddSingleton(provider => RunStoreFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value, provider.GetService<ILoggerFactory>()));
        // Only the scheduler (and the control plane) opens the store. Workers keep no state: what is worth
        // remembering (answers, candidates, embeddings, usage) comes back in their replies and the scheduler
        // memoizes it (DESIGN §2), so the model clients keep their in-process cache and ledger.
        return services;
    }
}
