using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;

namespace GpoPipeline.Api;

/// <summary>
/// Every error as RFC 9457 problem details: refusals (<see cref="ApiProblemException"/>), unreadable requests
/// (bad JSON, wrong types, wrong content type) with the JSON path and position, and — only for real bugs — a
/// 500 that says nothing about the inside. <see cref="Complete"/> gives every problem written (by these handlers, the
/// authentication handler, the rate limiter or the status-code pages of routing) its type, title and a detail.
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
        if (error is ApiProblemException { RetryAfter: { } retryAfter })
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        }

        var answer = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Type = TypeOf(status) },
        };
        foreach (var (name, value) in (error as ApiProblemException)?.Extensions ?? new Dictionary<string, object?>())
        {
            answer.ProblemDetails.Extensions[name] = value;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(answer);
    }

    /// <summary>The problem type every answer of the API carries for a status.</summary>
    public static string TypeOf(int status) => $"https://httpstatuses.io/{status}";

    /// <summary>A Retry-After value: whole seconds, rounded up, at least 1.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Fills what a problem lacks (ProblemDetailsOptions.CustomizeProblemDetails): one type scheme for every status,
    /// the status's title, and for the answers the framework writes without one (an unknown route, a method the route
    /// does not take, a body of the wrong content type) a detail saying what was expected.
    /// </summary>
    public static void Complete(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            problem.Type = TypeOf(status);
        }

        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Detail ??= DefaultDetail(status, http);
    }

    private static string? DefaultDetail(int status, HttpContext http)
    {
        var request = $"{http.Request.Method} {OneLine(http.Request.Path.Value ?? "/")}";
        return status switch
        {
            StatusCodes.Status404NotFound => $"No endpoint answers {request}; the API's routes are in /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => http.Response.Headers.Allow is { Count: > 0 } allow
                ? $"{request} is not allowed; this route takes {string.Join(", ", allow.ToArray())}."
                : $"{request} is not allowed; the API's routes and their methods are in /openapi/v1.json.",
            StatusCodes.Status415UnsupportedMediaType => $"The body of {request} must be sent with Content-Type: {ExpectedContentTypes(http)}" +
                $" (it was {(http.Request.ContentType is { Length: > 0 } sent ? $"'{OneLine(sent)}'" : "not given")}).",
            >= 400 and < 500 => $"{request} was refused ({status} {ReasonPhrases.GetReasonPhrase(status)}).",
            _ => null,
        };
    }

    private static string ExpectedContentTypes(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is { Count: > 0 } accepted
            ? string.Join(" or ", accepted)
            : "application/json";

    /// <summary>A refusal or an unreadable request: answered with a 4xx, not a server error to log with its stack.</summary>
    public static bool IsClientError(Exception? error) => error is ApiProblemException or BadHttpRequestException or JsonException;

    /// <summary>An exception's message as one line of at most 400 characters, for a problem's detail.</summary>
    internal static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        return line.Length > 400 ? line[..400] + "…" : line;
    }
}
