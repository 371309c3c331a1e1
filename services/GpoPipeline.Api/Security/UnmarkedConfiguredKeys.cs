using GpoPipeline.Trajectories.ControlPlane;

namespace GpoPipeline.Api.Security;

/// <summary>
/// Tells the keys a version before the <see cref="ApiKeyRecord.FromConfiguration"/> mark installed from
/// ControlPlane:BootstrapAdminKey, so that a deployment that upgrades and rotates the setting at once revokes the old
/// key too (no start with it marked it). The rule: a key is one of them when it is unmarked, has exactly the shape those
/// versions installed (the configured key's name, "bootstrap admin" since the first version; its one scope, admin; no
/// task), and was created before the first key a marking version installed. Every version since marks each key it
/// installs, so an unmarked key created from then on was issued through /v1/keys and is kept, whatever its name. Before
/// then, who made a key was not stored: an admin key issued through /v1/keys under exactly that name and scope alone
/// looks the same and is revoked with it, since an admin can issue another, while a leaked bootstrap key left live has
/// no remedy. /v1/keys now refuses the name (<see cref="ReservedKeyNames"/>), so only a key it issued before that can
/// look the same.
/// </summary>
public static class UnmarkedConfiguredKeys
{
    /// <summary>Whether a key in <paramref name="keys"/> was installed like <paramref name="kept"/> by a version before the mark.</summary>
    public static Func<ApiKeyRecord, bool> Recogniser(IReadOnlyList<ApiKeyRecord> keys, ApiKeyRecord kept)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(kept);
        // A key marked at a start with it (InstallAsync) keeps its older creation: the moment only moves earlier, and
        // fewer keys are taken for configured ones, never more.
        var firstMarked = keys.Where(k => k.FromConfiguration).Select(k => k.CreatedAt).Append(kept.CreatedAt).Min();
        return key => !key.FromConfiguration && key.CreatedAt < firstMarked
            && key.Name == kept.Name && key.Task is null && key.Scopes.SequenceEqual(kept.Scopes);
    }
}
