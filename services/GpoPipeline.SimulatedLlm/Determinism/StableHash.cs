using System.Text;

namespace GpoPipeline.SimulatedLlm.Determinism;

/// <summary>
/// Process-independent hashing (FNV-1a 64 plus a SplitMix64 finaliser). string.GetHashCode is randomised per
/// process, which would make the simulator's answers change between runs.
/// </summary>
public static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    public static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = OffsetBasis;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    public static ulong Of(string text) => Fnv1a(Encoding.UTF8.GetBytes(text));

    public static string Hex(ulong hash) => hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Order-sensitive combination of several hashes or numbers into one well-mixed value.</summary>
    public static ulong Combine(params ReadOnlySpan<ulong> parts)
    {
        var hash = OffsetBasis;
        foreach (var part in parts)
        {
            hash = Mix(hash ^ Mix(part + 0x9E3779B97F4A7C15));
        }

        return hash;
    }

    /// <summary>A uniform number in [0, 1) from a hash.</summary>
    public static double Unit(ulong hash) => (Mix(hash) >> 11) * (1.0 / (1UL << 53));

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
