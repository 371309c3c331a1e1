namespace GpoPipeline.Testing;

/// <summary>Queue and endpoint names that never collide between tests sharing one broker.</summary>
public static class UniqueNames
{
    public static string For(string purpose) => $"test-{purpose}-{Guid.NewGuid():N}"[..Math.Min(60, purpose.Length + 38)];
}
