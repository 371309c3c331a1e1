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

            revoked += await RevokeAsync(earlier, cancellationToken) ? 1 : 0;
        }

        return revoked;
    }

    /// <summary>The name of the key installed from ControlPlane:BootstrapAdminKey (outside `gpo serve`; reserved: /v1/keys does not issue keys by this name).</summary>
    public const string BootstrapKeyName = "bootstrap admin";

    /// <summary>
    /// Installs a key given in configuration and answers it as stored (idempotent: an existing id is kept as it is, so a
    /// revoked one stays revoked; an existing id with another secret is refused).
    /// </summary>
    public async Task<ApiKeyRecord> InstallAsync(string key, string name, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        if (!ApiKeySecret.TryParse(key, out var id, out var secret))
        {
            throw new InvalidOperationException(
                $"Setting '{ControlPlaneOptions.Section}:BootstrapAdminKey' is not a GpoPipeline key; expected gpo_<12 hex digits>_<secret> (e.g. printed by `gpo serve`).");
        }

        var installed = new ApiKeyRecord
        {
            Id = id, Name = name, Scopes = [.. scopes], SecretHash = ApiKeySecret.Hash(secret), CreatedAt = clock.GetUtcNow().UtcDateTime,
            FromConfiguration = true,
        };
        if (await store.TryAddApiKeyAsync(installed, cancellationToken))
        {
            await RevokeCaseTwinsAsync(installed, cancellationToken);
            return installed;
        }

        var existing = await store.GetApiKeyAsync(id, cancellationToken)
            ?? throw new InvalidOperationException($"Key '{id}' was neither added nor found; start again.");
        if (!ApiKeySecret.Matches(secret, existing.SecretHash))
        {
            // Kept as it is, the stored key would stay valid and the configured one never work: a rotation that changed
            // only the secret would silently keep the old (perhaps leaked) key.
            throw new InvalidOperationException(
                $"Setting '{ControlPlaneOptions.Section}:BootstrapAdminKey' has the id '{id}' of a stored key but another secret; "
                + "a rotated key needs a new id (the 12 hex digits after gpo_), e.g. a key printed by `gpo serve`.");
        }

        if (!existing.FromConfiguration && existing.Name == name)
        {
            // Installed by a version that did not mark configured keys: the configured secret is its own, so it came from
            // here. Marked, it is revoked once the setting is rotated (a concurrent start marking it too is as good).
            existing.FromConfiguration = true;
            await store.TryUpdateApiKeyAsync(existing, cancellationToken);
        }

        await RevokeCaseTwinsAsync(existing, cancellationToken);
        return existing;
    }

    /// <summary>
    /// Revokes the records of <paramref name="kept"/>'s key under its id in another case: a configured key stored with
    /// upper-case hex before ids were made lower-case. MongoDB compares ids exactly, so the start that installed the
    /// key lower-case left that record beside it, listed as a second live key (the embedded store finds the one record).
    /// </summary>
    private async Task RevokeCaseTwinsAsync(ApiKeyRecord kept, CancellationToken cancellationToken)
    {
        foreach (var twin in KeyListings.SameKey(await store.FindApiKeysAsync(kept.Id, cancellationToken), kept.Id).Where(k => k.Id != kept.Id && !k.Revoked))
        {
            twin.Revoked = true;
            await store.TryUpdateApiKeyAsync(twin, cancellationToken); // false: a concurrent start revoked it first
        }
    }

    /// <summary>
    /// Revokes the live keys installed from configuration under <paramref name="kept"/>'s name before it was: the setting
    /// was rotated, and a leaked earlier key must end with it. A key issued through /v1/keys is never touched, whatever its
    /// name; and only older keys, so a replica still starting with the earlier setting during a rollout cannot revoke the
    /// rotated key. A key installed by a version before configured keys were marked counts as configured by
    /// <see cref="UnmarkedConfiguredKeys"/>'s rule (an upgrade and a rotation in one deployment).
    /// </summary>
    public async Task<int> RevokeEarlierConfiguredKeysAsync(ApiKeyRecord kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kept);
        var keys = await store.ListApiKeysAsync(cancellationToken);
        var installedUnmarked = UnmarkedConfiguredKeys.Recogniser(keys, kept);
        var revoked = 0;
        foreach (var earlier in keys)
        {
            var configured = earlier.FromConfiguration || installedUnmarked(earlier);
            if (!configured || earlier.Name != kept.Name || earlier.Revoked || earlier.Id == kept.Id || earlier.CreatedAt >= kept.CreatedAt)
            {
                continue;
            }

            revoked += await RevokeAsync(earlier, cancellationToken) ? 1 : 0;
        }

        return revoked;
    }

    /// <summary>
    /// Revokes <paramref name="key"/>, reading it again when another writer changed it first (a replica still configured
    /// with it marking it at its start): a lost compare-and-set must not leave a rotated-away key live until the next start.
    /// </summary>
    private async Task<bool> RevokeAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            key.Revoked = true;
            if (await store.TryUpdateApiKeyAsync(key, cancellationToken))
            {
                return true;
            }

            if (await store.GetApiKeyAsync(key.Id, cancellationToken) is not { Revoked: false } current)
            {
                return false; // revoked (or removed) by another writer meanwhile
            }

            key = current;
        }

        return false;
    }
}
