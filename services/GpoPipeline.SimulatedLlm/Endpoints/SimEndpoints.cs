using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>/v1/models and the simulator's own /sim endpoints (request log for cross-process tests).</summary>
public static class SimEndpoints
{
    private static readonly long Created = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/models", ListModelsAsync);
        app.MapGet("/sim/requests", (HttpContext http, RequestLog log) =>
            http.Response.WriteAsJsonAsync(log.Snapshot(), SimJson.Log));
        app.MapPost("/sim/reset", (RequestLog log) =>
        {
            log.Clear();
            return Results.NoContent();
        });
    }

    private static async Task ListModelsAsync(HttpContext http, SimulatorOptions options, RequestLog log)
    {
        var exchange = await Exchange.BeginAsync(http, log);
        try
        {
            if (await ApiKeyCheck.PassAsync(http, exchange, options))
            {
                exchange.StatusCode = StatusCodes.Status200OK;
                await http.Response.WriteAsJsonAsync(new ModelList([.. SimModels.All.Select(m => new ModelInfo(m, Created))]), SimJson.OpenAi);
            }
        }
        finally
        {
            log.Add(exchange.ToRecord());
        }
    }
}
