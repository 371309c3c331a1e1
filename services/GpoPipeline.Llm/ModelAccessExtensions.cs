using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Llm;

/// <summary>Registers ITaskModel, IOptimizerModel, IPromptEmbedder, and IUsageLedger.</summary>
public static class ModelAccessExtensions
{
    public static TBuilder AddModelAccess<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddModelAccess(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Binds Llm:Task, Llm:Optimizer and Llm:Embedding (validated at start, failures name the setting). Replace
    /// <see cref="IDistributedCache"/> (default: in memory) or <see cref="IUsageLedger"/> (default: in memory) by
    /// registering your own before or after this call; TryAdd keeps yours.
    /// </summary>
    public static IServiceCollection AddModelAccess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        Bind<TaskModelOptions>(services, configuration, LlmSections.Task);
        Bind<OptimizerModelOptions>(services, configuration, LlmSections.Optimizer);
        Bind<EmbeddingModelOptions>(services, configuration, LlmSections.Embedding);

        services.AddMetrics();
        services.AddDistributedMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IUsageLedger, InMemoryUsageLedger>();
        services.TryAddSingleton<BudgetGuard>();
        services.TryAddSingleton<DeliveryUsage>();
        services.TryAddSingleton<LlmMetrics>();
        services.TryAddSingleton(sp => new StackServices(
            sp.GetRequiredService<IDistributedCache>(),
            sp.GetRequiredService<BudgetGuard>(),
            sp.GetRequiredService<IUsageLedger>(),
            sp.GetRequiredService<LlmMetrics>(),
            sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            sp.GetRequiredService<TimeProvider>(),
            configuration.GetValue<bool>(TelemetrySettings.LogPromptText)));
        services.TryAddSingleton<ITaskModel, TaskModel>();
        services.TryAddSingleton<IOptimizerModel, OptimizerModel>();
        services.TryAddSingleton<IPromptEmbedder, PromptEmbedder>();
        return services;
    }

    /// <summary>
    /// Same as ServiceDefaults' AddValidatedOptions, on IServiceCollection, plus the OPENAI_API_KEY and OPENAI_BASE_URL
    /// fallbacks: every host (`gpo serve`, the workers) reads the endpoint as `gpo optimize` and the OpenAI SDKs do.
    /// </summary>
    private static void Bind<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : ModelEndpointOptions
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SettingValidator<TOptions>(section));
        services.AddOptions<TOptions>()
            .Bind(configuration.GetSection(section))
            .PostConfigure(options =>
            {
                options.ApiKey = string.IsNullOrWhiteSpace(options.ApiKey) ? configuration[LlmSections.ApiKeyVariable] : options.ApiKey;
                if (string.IsNullOrWhiteSpace(configuration[$"{section}:{nameof(ModelEndpointOptions.BaseUrl)}"])
                    && configuration[LlmSections.BaseUrlVariable] is { Length: > 0 } fromEnvironment)
                {
                    options.BaseUrl = fromEnvironment.Trim();
                }
            })
            .ValidateOnStart();
    }
}
