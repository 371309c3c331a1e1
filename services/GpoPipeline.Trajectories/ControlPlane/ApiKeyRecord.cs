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
    public DateTime CreatedAt { get; set; }
}
