using System.Globalization;
using GpoPipeline.Api.Tasks;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GpoPipeline.Api.Security;

public sealed record CreateKeyRequest(string? Name, List<string>? Scopes, string? Task);

/// <param name="Key">The plain key: shown once, stored only as a hash.</param>
public sealed record CreatedKeyResponse(string Id, string Name, IReadOnlyList<string> Scopes, string? Task, string Key);

public sealed record KeyResponse(string Id, string Name, IReadOnlyList<string> Scopes, string? Task, bool Revoked, DateTime CreatedAt);

/// <summary>/v1/keys (admin): issue, list (never secrets), revoke.</summary>
public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/keys").WithTags("Keys").RequireAuthorization(ScopePolicies.Admin);
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapDelete("/{id}", RevokeAsync);
        return group;
    }

    public static async Task<Created<CreatedKeyResponse>> CreateAsync(CreateKeyRequest request, ApiKeyIssuer issuer, ControlPlaneStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Invisible formatting characters too (a zero-width space, a right-to-left override): a listing would show a name
        // other than the one stored, e.g. one that reads as a reserved name below.
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100
            || request.Name.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format))
        {
            throw ApiProblemException.Invalid("Field 'name' must be 1–100 printable characters (no control or invisible formatting characters).");
        }

        if (ReservedKeyNames.Matching(request.Name) is { } reserved)
        {
            throw ApiProblemException.Invalid(
                $"Field 'name': '{reserved.Name}' is reserved, in any case and with surrounding spaces too, for {reserved.Holder}; choose another name.");
        }

        var scopes = request.Scopes ?? [];
        if (scopes.Count == 0 || scopes.Any(s => !ApiScopes.All.Contains(s)))
        {
            throw ApiProblemException.Invalid($"Field 'scopes' must list one or more of {string.Join(", ", ApiScopes.All)}.");
        }

        var proxy = scopes.Contains(ApiScopes.Proxy);
        if (proxy && (scopes.Count > 1 || request.Task is null))
        {
            throw ApiProblemException.Invalid("A proxy key has the one scope 'proxy' and names its 'task'.");
        }

        if (!proxy && request.Task is not null)
        {
            throw ApiProblemException.Invalid("Field 'task' is only for proxy keys.");
        }

        if (proxy)
        {
            await TasksApi.Find(store, request.Task!, cancellationToken);
        }

        var (record, key) = await issuer.IssueAsync(request.Name, scopes.Distinct().ToList(), request.Task, cancellationToken);
        return TypedResults.Created($"/v1/keys/{record.Id}", new CreatedKeyResponse(record.Id, record.Name, record.Scopes, record.Task, key));
    }

    public static async Task<Ok<List<KeyResponse>>> ListAsync(ControlPlaneStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListApiKeysAsync(cancellationToken))
            .OrderBy(k => k.CreatedAt).Select(k => new KeyResponse(k.Id, k.Name, k.Scopes, k.Task, k.Revoked, k.CreatedAt)).ToList());

    public static async Task<NoContent> RevokeAsync(string id, ControlPlaneStore store, CancellationToken cancellationToken)
    {
        var keys = KeyListings.SameKey(await store.FindApiKeysAsync(id, cancellationToken), id);
        if (keys.Count == 0)
        {
            throw ApiProblemException.NotFound($"Key '{TasksApi.Shorten(id)}' does not exist.");
        }

        foreach (var key in keys)
        {
            key.Revoked = true;
            if (!await store.TryUpdateApiKeyAsync(key, cancellationToken))
            {
                throw ApiProblemException.Conflict($"Key '{key.Id}' changed meanwhile; try again.");
            }
        }

        return TypedResults.NoContent();
    }
}
