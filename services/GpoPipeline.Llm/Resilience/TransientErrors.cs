using System.ClientModel;
using Polly.Timeout;

namespace GpoPipeline.Llm;

/// <summary>Which failures are worth another attempt: 408, 409, 429, 5xx, timeouts, broken connections, cut-off bodies.</summary>
internal static class TransientErrors
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        // Status 0: System.ClientModel wraps transport failures (connection refused/reset) this way.
        ClientResultException result => result.Status is 0 or 408 or 409 or 429 or >= 500,
        // A cut-off 200 body (JsonException) is a glitch of that response, not of the request.
        TimeoutRejectedException or HttpRequestException or IOException or TimeoutException or System.Text.Json.JsonException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>The provider says it is over its quota (429) or its capacity (503): a signal to send less, not a glitch.</summary>
    public static bool IsOverload(Exception exception) => StatusOf(exception) is 429 or 503;

    public static int? StatusOf(Exception exception) => exception switch
    {
        ClientResultException { Status: > 0 } result => result.Status,
        _ => exception.InnerException is { } inner ? StatusOf(inner) : null,
    };
}
