namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>
/// SplitMix64: a tiny PRNG whose sequence is fixed by this code, so a seed gives the same draws on every
/// .NET version and machine (System.Random's seeded algorithm is an implementation detail).
/// </summary>
public sealed class SeededRandom(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    public ulong NextUInt64()
    {
        var z = unchecked(_state += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, exclusiveMax); the modulo bias is negligible for small ranges.</summary>
    public int Next(int exclusiveMax) =>
        exclusiveMax <= 0 ? throw new ArgumentOutOfRangeException(nameof(exclusiveMax)) : (int)(NextUInt64() % (ulong)exclusiveMax);
}
