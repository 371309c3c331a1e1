using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>
/// Chooses the task examples shown in the meta-prompt, fixed for a whole run (spec §1.1: 3 from the
/// format split). Partial Fisher–Yates with <see cref="SeededRandom"/>: same seed, same examples, same order.
/// </summary>
public static class FormatExamplePicker
{
    public static IReadOnlyList<Example> Pick(IReadOnlyList<Example> format, int count, long seed)
    {
        ArgumentNullException.ThrowIfNull(format);
        var pool = format.ToArray();
        var take = Math.Clamp(count, 0, pool.Length);
        var random = new SeededRandom(seed);
        for (var i = 0; i < take; i++)
        {
            var j = i + random.Next(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..take];
    }
}
