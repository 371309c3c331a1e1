using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Security;

/// <summary>Creates keys: stores the hash, hands the plain key back once.</summary>
public sealed class ApiKeyIssuer(ControlPlaneStore store, TimeProvider clock)
{
    public async Task<(ApiKeyRecord Record, string Key)> IssueAsync(string name, IReadOnlyList<string> scopes, string? task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var (id, secret, key) = ApiKeySecret.Generate();
        var record = new ApiKeyRecord
        {
            Id = id, Name = name, Scopes = [.. scopes], Task = task, SecretHash = ApiKeySecret.Hash(secret),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        if (!await store.TryAddApiKeyAsync(record, cancellationToken))
        {
            throw new InvalidOperationException("A freshly generated key id already exists; try again.");
        }

        return (record, key);
    }

    /// <summary>The name of a key `gpo serve` minted for one session (reserved: /v1/keys does not issue keys by this name).</summary>
    public const string SessionKeyName = "gpo serve session";

    /// <summary>Revokes the session keys of earlier starts (every live key named <see cref="SessionKeyName"/> but <paramref name="keptKey"/>'s).</summary>
    public async Task<int> RevokeEarlierSessionKeysAsync(string keptKey, CancellationToken cancellationToken)
    {
        var keptId = ApiKeySecret.TryParse(keptKey, out var id, out _) ? id : null;
        var revoked = 0;
        foreach (var earlier in await store.ListApiKeysAsync(cancellationToken))
        {
            if (earlier.Name != SessionKeyName || earlier.Revoked || earlier.Id == keptId)
            {
                continue;
            }

            earlier.Revoked = true;
            revoked += await store.TryUpdateApiKeyAsync(earlier, cancellationToken) ? 1 : 0;
        }

        return revoked;
    }

    /// <summary>Installs a key given in configuration (idempotent: an existing id is kept as it is).</summary>
    public async Task InstallAsync(string key, string name, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        if (!ApiKeySecret.TryParse(key, out var id, out var secret))
        {
            throw new InvalidOperationException(
                $"Setting '{ControlPlaneOptions.Section}:BootstrapAdminKey' is not a GpoPipeline key; expected gpo_<12 hex digits>_<secret> (e.g. printed by `gpo serve`).");
        }

        await store.TryAddApiKeyAsync(new ApiKeyRecord
        {
            Id = id, Name = name, Scopes = [.. scopes], SecretHash = ApiKeySecret.Hash(secret), CreatedAt = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken);
    }
}
