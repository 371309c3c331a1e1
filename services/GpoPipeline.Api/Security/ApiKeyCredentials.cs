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
    public const string KeyHeader = "X-Api-Key";

    /// <summary>
    /// A key in a header first, then a stream token in the query. What is presented in the wrong place or form is refused
    /// saying where it was and what is expected there (the challenge's detail), not as if nothing had been sent.
    /// </summary>
    public async Task<CredentialCheck> CheckAsync(HttpRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(KeyHeader, out var header) && header.Count > 0)
        {
            return await CheckKeyAsync(header[0], $"header '{KeyHeader}'", cancellationToken);
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return await CheckKeyAsync(authorization[7..].Trim(), "header 'Authorization'", cancellationToken);
        }

        if (request.Query.TryGetValue(StreamToken.QueryName, out var tokens))
        {
            return request.HttpContext.GetEndpoint() is not { } endpoint || !AcceptsStreamToken(endpoint.Metadata)
                ? CredentialCheck.Refused($"Query parameter '{StreamToken.QueryName}' (a stream token) is taken only by the event streams; send an API key in a header here.")
                : tokens.Count != 1 ? CredentialCheck.Refused($"Query parameter '{StreamToken.QueryName}' is given {tokens.Count} times; give one stream token.")
                : await CheckStreamTokenAsync(tokens[0]!, now, cancellationToken);
        }

        // Another scheme (Basic from a proxy in front, say) is not ours: with nothing else presented, say what is expected.
        return authorization.Length > 0
            ? CredentialCheck.Refused($"Header 'Authorization' carries no bearer token; send 'Authorization: Bearer gpo_…' or '{KeyHeader}: gpo_…'.")
            : CredentialCheck.NonePresented;
    }

    /// <summary>
    /// Whether an endpoint takes a stream token in the query: only an event stream (its handler streams server-sent
    /// events); everywhere else a key must come in a header. The OpenAPI document declares the token where this says so
    /// (ApiKeyRequirementTransformer), so what it promises is what is accepted. The endpoint routing matched decides, not
    /// the spelling of the path (routing ignores case and a trailing slash).
    /// </summary>
    public static bool AcceptsStreamToken(IEnumerable<object> endpointMetadata) => EventStreams.DataType(endpointMetadata) is not null;

    private async Task<CredentialCheck> CheckKeyAsync(string? presented, string where, CancellationToken cancellationToken)
    {
        if (!ApiKeySecret.TryParse(presented, out var id, out var secret))
        {
            return CredentialCheck.Refused(StreamToken.TryReadKeyId(presented, out _)
                ? $"The key in {where} is a stream token, which only opens an event stream as '?{StreamToken.QueryName}=…'; send an API key here."
                : $"The key in {where} is not a GpoPipeline key; expected gpo_<12 hex digits>_<secret>.");
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
}
