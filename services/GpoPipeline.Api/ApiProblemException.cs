namespace GpoPipeline.Api;

/// <summary>
/// A request the API refuses, with the RFC 9457 status and a one-line detail naming what was wrong. Thrown by
/// handlers and rendered by the exception handler, so no refusal can leak a stack trace or a 500.
/// </summary>
public sealed class ApiProblemException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;

    /// <summary>When the request may succeed again (sent as the Retry-After header).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Members the problem document carries beside type, title, status and detail (RFC 9457 extensions).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>
    /// Refused only because other requests kept changing what this one writes (its compare-and-sets lost every
    /// attempt), not for anything about the request or the task: sent again, it may succeed at once.
    /// </summary>
    public bool Contended { get; init; }

    public static ApiProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static ApiProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>A 409 for contention only (<see cref="Contended"/>).</summary>
    public static ApiProblemException ContendedConflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail) { Contended = true };

    public static ApiProblemException Invalid(string detail) => new(StatusCodes.Status422UnprocessableEntity, "Invalid request", detail);

    public static ApiProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ApiProblemException TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "Request too large", detail);

    public static ApiProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    /// <summary>A dependency (the data folder, the bus, a store) failed; nothing was left half done, so a retry may succeed.</summary>
    public static ApiProblemException Unavailable(string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail) { RetryAfter = TimeSpan.FromSeconds(30) };

    public static ApiProblemException TooMany(string detail, TimeSpan? retryAfter = null) =>
        new(StatusCodes.Status429TooManyRequests, "Too many requests", detail) { RetryAfter = retryAfter };
}
