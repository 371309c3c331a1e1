using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace GpoPipeline.Api;

/// <summary>
/// Every error as RFC 9457 problem details: refusals (<see cref="ApiProblemException"/>), unreadable requests
/// (bad JSON, wrong types, wrong content type) with the JSON path and position, and — only for real bugs — a
/// 500 that says nothing about the inside.
/// </summary>
public static class ProblemResponses
{
    public static async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, title, detail) = error switch
        {
            ApiProblemException problem => (problem.Status, problem.Title, problem.Message),
            BadHttpRequestException bad when bad.InnerException is JsonException json =>
                (StatusCodes.Status400BadRequest, "Malformed JSON", JsonProblemText.Describe(json)),
            BadHttpRequestException bad when bad.Message.StartsWith("Implicit body inferred", StringComparison.Ordinal) =>
                (StatusCodes.Status400BadRequest, "Bad request", "The request needs a JSON object body (Content-Type: application/json); see the OpenAPI document."),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", OneLine(bad.Message)),
            JsonException json => (StatusCodes.Status400BadRequest, "Malformed JSON", JsonProblemText.Describe(json)),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "The server failed to handle the request; it is logged."),
        };

        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" },
        });
    }

    /// <summary>A refusal or an unreadable request: answered with a 4xx, not a server error to log with its stack.</summary>
    public static bool IsClientError(Exception? error) => error is ApiProblemException or BadHttpRequestException or JsonException;

    /// <summary>An exception's message as one line of at most 400 characters, for a problem's detail.</summary>
    internal static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        return line.Length > 400 ? line[..400] + "…" : line;
    }
}
