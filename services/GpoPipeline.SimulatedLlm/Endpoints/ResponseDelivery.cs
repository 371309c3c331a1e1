using System.Globalization;
using System.Text.Json;
using GpoPipeline.SimulatedLlm.RateLimiting;
using GpoPipeline.SimulatedLlm.Wire;

namespace GpoPipeline.SimulatedLlm.Endpoints;

/// <summary>The last stage of every model request: the quota, simulated latency, then the drawn fault or the answer.</summary>
public static class ResponseDelivery
{
    public static async Task DeliverAsync(HttpContext http, Exchange exchange, SimulatorOptions options, LatencyOptions latency, object payload)
    {
        if (options.Hold is { } hold)
        {
            await hold.PassAsync(exchange.Model, http.RequestAborted);
        }

        // Like a provider, a request over quota is refused at once, before any work (and billed nothing).
        var quota = http.RequestServices.GetRequiredService<ModelQuota>();
        var wait = quota.TryAdmit(exchange.Model ?? string.Empty, exchange.QuotaTokens);
        foreach (var (name, value) in quota.Headers(exchange.Model ?? string.Empty))
        {
            http.Response.Headers[name] = value;
        }

        if (wait > TimeSpan.Zero)
        {
            await RefuseOverQuotaAsync(http, exchange, wait);
            return;
        }

        var fault = FaultPlanner.Draw(options.Faults, options.Seed, exchange.Sequence);
        exchange.Fault = fault;
        var delay = LatencySampler.Sample(latency, options.Seed, exchange.Sequence);
        if (fault == FaultKind.Timeout)
        {
            delay += TimeSpan.FromMilliseconds(options.Faults.TimeoutMilliseconds);
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, http.RequestAborted);
        }

        if (fault is FaultKind.TooManyRequests429 or FaultKind.InternalServerError500 or FaultKind.ServiceUnavailable503 or FaultKind.ConnectionReset)
        {
            // Nothing was generated, so nothing is billed (the log must agree with what a client could account).
            exchange.PromptTokens = 0;
            exchange.CompletionTokens = 0;
        }

        switch (fault)
        {
            case FaultKind.TooManyRequests429:
                WriteRetryAfter(http, exchange, options.Faults.RetryAfterSeconds);
                await OpenAiErrors.WriteAsync(http, exchange, StatusCodes.Status429TooManyRequests,
                    "Rate limit reached for the simulated model (injected fault).", "requests", "rate_limit_exceeded");
                return;
            case FaultKind.InternalServerError500:
                await OpenAiErrors.WriteAsync(http, exchange, StatusCodes.Status500InternalServerError,
                    "The simulated server had an error while processing your request (injected fault).", "server_error", null);
                return;
            case FaultKind.ServiceUnavailable503:
                await OpenAiErrors.WriteAsync(http, exchange, StatusCodes.Status503ServiceUnavailable,
                    "The simulated engine is currently overloaded (injected fault).", "server_error", "service_unavailable");
                return;
            case FaultKind.ConnectionReset:
                exchange.StatusCode = 0;
                http.Abort();
                return;
        }

        var json = JsonSerializer.Serialize(payload, SimJson.OpenAi);
        if (fault == FaultKind.MalformedJson)
        {
            json = json[..(json.Length / 2)];
        }

        exchange.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(json, http.RequestAborted);
    }

    private static Task RefuseOverQuotaAsync(HttpContext http, Exchange exchange, TimeSpan wait)
    {
        exchange.Fault = FaultKind.RateLimited;
        exchange.PromptTokens = 0;
        exchange.CompletionTokens = 0;
        var milliseconds = Math.Ceiling(wait.TotalMilliseconds);
        WriteRetryAfter(http, exchange, milliseconds / 1000);
        // A quota's wait is exact to the millisecond (as OpenAI's retry-after-ms); Retry-After rounds it up to seconds.
        http.Response.Headers["retry-after-ms"] = milliseconds.ToString(CultureInfo.InvariantCulture);
        return OpenAiErrors.WriteAsync(http, exchange, StatusCodes.Status429TooManyRequests,
            string.Create(CultureInfo.InvariantCulture, $"Rate limit reached for {exchange.Model} on the simulator's quota. Please try again in {milliseconds:0}ms."),
            "requests", "rate_limit_exceeded");
    }

    private static void WriteRetryAfter(HttpContext http, Exchange exchange, double seconds)
    {
        exchange.RetryAfterSeconds = seconds;
        // Retry-After only carries whole seconds; sub-second waits go in OpenAI's retry-after-ms as well.
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(seconds)).ToString(CultureInfo.InvariantCulture);
        if (seconds < 1)
        {
            http.Response.Headers["retry-after-ms"] = ((int)Math.Round(seconds * 1000)).ToString(CultureInfo.InvariantCulture);
        }
    }
}
