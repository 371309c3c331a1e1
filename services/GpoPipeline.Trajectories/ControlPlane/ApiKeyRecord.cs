namespace GpoPipeline.Trajectories.ControlPlane;

/// <summary>An API key as stored: its public id and the SHA-256 of its secret, never the secret itself.</summary>
public sealed class ApiKeyRecord : IStoredDocument
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string SecretHash { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>read, write, admin (each includes the ones before it) or proxy.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>A proxy key may only call this task.</summary>
    public string? Task { get; set; }
    public bool Revoked { get; set; }

    /// <summary>
    /// Installed from the control plane's configuration at a start (its bootstrap key), not issued through /v1/keys:
    /// only such a key is revoked when a later start is configured with another one.
    /// </summary>
    public bool FromConfiguration { get; set; }
    public DateTime CreatedAt { get; set; }
}
