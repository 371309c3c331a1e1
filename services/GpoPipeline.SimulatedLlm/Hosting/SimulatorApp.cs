using GpoPipeline.Embeddings;
using GpoPipeline.SimulatedLlm.Data;
using GpoPipeline.SimulatedLlm.Endpoints;
using GpoPipeline.SimulatedLlm.Optimizer;
using GpoPipeline.SimulatedLlm.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using GpoPipeline.SimulatedLlm.TaskModel;

namespace GpoPipeline.SimulatedLlm.Hosting;

/// <summary>The simulator's composition, shared by the standalone host and <see cref="SimulatedLlmServer"/>.</summary>
public static class SimulatorApp
{
    public const string MarkerHeader = "x-simulated-llm";

    public static WebApplication Build(WebApplicationBuilder builder, SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        SimulatorOptionsValidator.ThrowIfInvalid(options);
        builder.Services.AddSingleton(options);
        // Loaded now (once per set of roots) so a bad data file stops the start with its file and line.
        builder.Services.AddSingleton(GoldIndex.For(DataRootLocator.Resolve(options.DataRoot)));
        builder.Services.AddSingleton<RequestLog>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ModelQuota>();
        builder.Services.AddSingleton<IChatModel, SimulatedTaskModel>();
        builder.Services.AddSingleton<IChatModel, SimulatedOptimizerModel>();
        builder.Services.AddSingleton<ChatCompletionsEndpoint>();
        builder.Services.AddSingleton<ISentenceEncoder>(MiniLmSentenceEncoder.Shared);
        builder.Services.AddSingleton<EmbeddingsEndpoint>();

        var app = builder.Build();
        app.Use((http, next) =>
        {
            // Every response says it comes from a simulator, so nobody mistakes its output for a model's.
            http.Response.Headers[MarkerHeader] = "true";
            return next(http);
        });
        app.MapPost("/v1/chat/completions", (HttpContext http, ChatCompletionsEndpoint endpoint) => endpoint.HandleAsync(http));
        app.MapPost("/v1/embeddings", (HttpContext http, EmbeddingsEndpoint endpoint) => endpoint.HandleAsync(http));
        SimEndpoints.Map(app);
        return app;
    }
}
