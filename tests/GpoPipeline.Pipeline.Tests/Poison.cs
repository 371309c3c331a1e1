namespace GpoPipeline.Pipeline.Tests;

/// <summary>One hostile message: which queue it goes to, what kind of poison it is, its id and its bytes.</summary>
public sealed record Poison(string Endpoint, string Kind, Guid Id, byte[] Body);
