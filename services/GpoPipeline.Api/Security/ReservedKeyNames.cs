namespace GpoPipeline.Api.Security;

/// <summary>A name /v1/keys refuses, with the control plane's key that goes by it.</summary>
/// <param name="Holder">The key the control plane gives this name, as a problem detail names it.</param>
public sealed record ReservedKeyName(string Name, string Holder);

/// <summary>
/// The names of the control plane's own keys, which /v1/keys refuses: it acts on keys by name, so a user's key under
/// one of them would be taken for its own. A `gpo serve` start revokes every earlier key named
/// <see cref="ApiKeyIssuer.SessionKeyName"/>; a bootstrap-key rotation revokes an unmarked admin key named
/// <see cref="ApiKeyIssuer.BootstrapKeyName"/> as one an older version installed (<see cref="UnmarkedConfiguredKeys"/>).
/// Those compare names exactly, but a name is refused in any case and with surrounding whitespace too: such a key would
/// read as the control plane's own in a listing.
/// </summary>
public static class ReservedKeyNames
{
    public static readonly IReadOnlyList<ReservedKeyName> All =
    [
        new(ApiKeyIssuer.SessionKeyName, "the key `gpo serve` prints at each start (its next start revokes keys by this name)"),
        new(ApiKeyIssuer.BootstrapKeyName, "the key installed from ControlPlane:BootstrapAdminKey (rotating that setting revokes keys by this name)"),
    ];

    /// <summary>The reserved name <paramref name="name"/> stands for, or null when it is free.</summary>
    public static ReservedKeyName? Matching(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(reserved => string.Equals(name.Trim(), reserved.Name, StringComparison.OrdinalIgnoreCase));
    }
}
