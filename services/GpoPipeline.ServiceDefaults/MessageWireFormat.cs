namespace GpoPipeline.ServiceDefaults;

/// <summary>What a host puts on the wire (setting <c>Messaging:WireFormat</c>); every host reads both.</summary>
public enum MessageWireFormat
{
    /// <summary>
    /// The message itself as JSON (<c>application/json</c>), its type and ids in transport headers. No envelope to
    /// write and parse again per message: 6 % fewer bytes allocated per scored example (tests/BENCHMARKS.md, P3).
    /// </summary>
    Raw,

    /// <summary>
    /// MassTransit's envelope (<c>application/vnd.masstransit+json</c>), what versions before raw JSON sent and the only
    /// format they read: set it on every host during a rolling upgrade from such a version, and back to Raw after.
    /// </summary>
    Envelope,
}
