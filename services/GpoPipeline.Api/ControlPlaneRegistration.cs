using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using GpoPipeline.Api.Champions;
using GpoPipeline.Api.Dashboard;
using GpoPipeline.Api.Datasets;
using GpoPipeline.Api.OpenApi;
using GpoPipeline.Api.Runs;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Serving;
using GpoPipeline.Api.Triggers;
using GpoPipeline.DecayScheduler;
using GpoPipeline.DecayScheduler.Health;
using GpoPipeline.DirectionRetrieval;
using GpoPipeline.Llm;
using GpoPipeline.PromptGeneration;
using GpoPipeline.Scoring;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api;

public static class ControlPlaneRegistration
{
    public static WebApplicationBuilder AddControlPlane(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<ControlPlaneOptions>(ControlPlaneOptions.Section);
        builder.Services.Configure<DashboardOptions>(builder.Configuration.GetSection(DashboardOptions.Section));
        // The request-start line carries the query string, and the dashboard's event streams carry a stream token there.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        var options = builder.Configuration.GetSection(ControlPlaneOptions.Section).Get<ControlPlaneOptions>() ?? new ControlPlaneOptions();
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddRunStore(builder.Configuration);
        services.AddRunStoreHealth(); // the control plane owns the stores too: not ready while they do not answer, not live once one broke
        services.TryAddSingleton(provider => ControlPlaneDatabaseFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value, provider.GetService<ILoggerFactory>()));
        services.AddSingleton<ControlPlaneStore>();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemResponses.Complete);
        services.AddControlPlaneOpenApi();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // bad JSON reaches ProblemResponses with its path
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow; // a misspelt field is an error, not ignored
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.AllowDuplicateProperties = false; // {"name":"a","name":"b"} is ambiguous, not "the last one wins"
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });
        services.AddSingleton<ApiKeyCredentials>();
        services.AddSingleton<StreamCredentialWatch>();
        services.AddSingleton<CallCredentialWatch>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddScopePolicies();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HealthEndpoints.IsHealthPath(context.Request.Path) ? RateLimitPartition.GetNoLimiter("health")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        context.User.FindFirst(ApiScopes.KeyIdClaimType)?.Value ?? "anonymous:" + context.Connection.RemoteIpAddress,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.RequestsPerMinute, Window = options.RateLimitWindow, QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                rejected.HttpContext.Response.Headers.RetryAfter = ProblemResponses.RetryAfterSeconds(
                    rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.RateLimitWindow);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails =
                    {
                        Status = 429, Title = "Too many requests",
                        Detail = $"This key made more than {options.RequestsPerMinute} requests within {options.RateLimitWindow} (ControlPlane:RequestsPerMinute); retry later.",
                    },
                });
            };
        });

        services.AddHttpClient(ChatProxy.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(5));
        services.AddSingleton<ProxyUpstream>();
        services.AddSingleton<DatasetFolder>();
        services.AddSingleton<RunEventHub>();
        services.AddScoped<DatasetVersions>();
        services.AddScoped<ChampionBook>();
        services.AddScoped<ChampionAnnouncements>();
        services.AddSingleton<ChampionAnnouncementSweep>();
        services.AddHostedService(provider => provider.GetRequiredService<ChampionAnnouncementSweep>());
        services.AddScoped<TaskBudget>();
        services.AddScoped<Runs.RunSubmission>();
        services.AddScoped<Runs.FailedStarts>();
        services.AddScoped<Runs.RunResumption>();
        services.AddScoped<ReoptimizationTriggers>();
        services.AddScoped<ScoreDropTrigger>();
        services.AddScoped<ApiKeyIssuer>();
        services.AddHostedService<BootstrapKeyInstaller>();
        services.AddSingleton<ScheduleTrigger>();
        services.AddHostedService(provider => provider.GetRequiredService<ScheduleTrigger>());

        if (options.EmbeddedWorkers)
        {
            builder.AddModelAccess();
            services.AddDecayScheduler();
            builder.AddDirectionRetrieval();
            builder.AddPromptGeneration();
            builder.AddScoring();
        }

        builder.AddPipelineBus(bus =>
        {
            bus.AddControlPlaneConsumers();
            if (options.EmbeddedWorkers)
            {
                bus.AddDecaySchedulerConsumers();
                bus.AddDirectionRetrievalConsumers();
                bus.AddPromptGenerationConsumers();
                bus.AddScoringConsumers();
            }
        });
        return builder;
    }

    /// <summary>
    /// The control plane's own consumers. Progress events reach every replica (its own temporary queue); decisions are
    /// made once (a shared queue). The broker user `api` (compose/rabbitmq/users.sh) must let them bind and publish.
    /// </summary>
    public static void AddControlPlaneConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var replica = Guid.NewGuid().ToString("N")[..12];
        bus.AddConsumer<ChallengeDecider, ChallengeDeciderDefinition>();
        bus.AddConsumer<RunProgressConsumer>().Endpoint(endpoint =>
        {
            endpoint.InstanceId = replica;
            endpoint.Temporary = true;
        });
    }
}
