using GpoPipeline.Api.Dashboard;
using GpoPipeline.Api.OpenApi;
using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Security;

/// <summary>What a request presented, checked against the store: its key, or why it is refused (none: nothing presented).</summary>
public sealed record CredentialCheck(ApiKeyRecord? Key, string? Failure, DateTimeOffset? ValidUntil)
{
    public static readonly CredentialCheck NonePresented = new(null, null, null);

    public bool IsValid => Key is not null;

    public static CredentialCheck Refused(string failure) => new(null, failure, null);
}

/// <summary>
/// Checks the key a request presents (<c>Authorization: Bearer gpo_…</c>, <c>X-Api-Key</c>, or a stream token in the query
/// of an event stream). One check for both the authentication handler, when a request starts, and an open event stream
/// (<see cref="StreamCredentialWatch"/>), which repeats it so that revoking the key ends the stream too.
/// </summary>
public sealed class ApiKeyCredentials(ControlPlaneStore store)
{
    public async Task<CredentialCheck> CheckAsync(HttpRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var presented = Presented(request);
        if (presented is null)
        {
            return StreamTokenPresented(request) is { } token ? await CheckStreamTokenAsync(token, now, cancellationToken) : CredentialCheck.NonePresented;
        }

        if (!ApiKeySecret.TryParse(presented, out var id, out var secret))
        {
            return CredentialCheck.Refused("The API key is not a GpoPipeline key.");
        }

        var record = await store.GetApiKeyAsync(id, cancellationToken);
        return record is null || record.Revoked || !ApiKeySecret.Matches(secret, record.SecretHash)
            ? CredentialCheck.Refused("The API key is unknown or revoked.")
            : new CredentialCheck(record, null, null);
    }

    /// <summary>An event stream opened by a browser's EventSource, which cannot send headers: a short-lived token in the query.</summary>
    private async Task<CredentialCheck> CheckStreamTokenAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!StreamToken.TryReadKeyId(token, out var id))
        {
            return CredentialCheck.Refused("The stream token is not a GpoPipeline stream token; get one from POST /v1/stream-tokens.");
        }

        var record = await store.GetApiKeyAsync(id, cancellationToken);
        return record is null || record.Revoked || !StreamToken.IsValid(token, record.SecretHash, now)
            ? CredentialCheck.Refused("The stream token is expired, invalid or its key was revoked; get a new one from POST /v1/stream-tokens.")
            : new CredentialCheck(record, null, StreamToken.ExpiresAt(token));
    }

    /// <summary>
    /// Whether an endpoint takes a stream token in the query: only an event stream (its handler streams server-sent
    /// events); everywhere else a key must come in a header. The OpenAPI document declares the token where this says so
    /// (ApiKeyRequirementTransformer), so what it promises is what is accepted.
    /// </summary>
    public static bool AcceptsStreamToken(IEnumerable<object> endpointMetadata) => EventStreams.DataType(endpointMetadata) is not null;

    /// <summary>The endpoint routing matched decides, not the spelling of the path (routing ignores case and a trailing slash).</summary>
    private static string? StreamTokenPresented(HttpRequest request) =>
        request.HttpContext.GetEndpoint() is { } endpoint && AcceptsStreamToken(endpoint.Metadata)
            && request.Query.TryGetValue(StreamToken.QueryName, out var token) && token.Count == 1 ? token[0] : null;

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && header.Count > 0)
        {
            return header[0];
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}
