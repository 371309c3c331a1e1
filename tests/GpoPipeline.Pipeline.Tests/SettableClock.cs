namespace GpoPipeline.Pipeline.Tests;

/// <summary>A clock a spec moves by hand.</summary>
internal sealed class SettableClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}
