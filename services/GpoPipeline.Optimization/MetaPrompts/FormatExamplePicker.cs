using GpoPipeline.Optimization.Datasets;

namespace GpoPipeline.Optimization.MetaPrompts;

/// <summary>
/// Chooses the task examples shown in the meta-prompt, fixed for a whole run (spec §1.1: 3 from the
/// format split). Draws which examples with a partial Fisher–Yates over <see cref="SeededRandom"/> (same seed,
/// same examples), then returns them in ascending source order, as the official code does:
/// <c>np.sort(np.random.choice(format_num_examples, size=format_data_num, replace=False))</c> (optimize.py
/// lines 269-275). We cannot reproduce numpy's random stream, so which examples are picked differs from the
/// code's; their order matches it.
/// </summary>
public static class FormatExamplePicker
{
    public static IReadOnlyList<Example> Pick(IReadOnlyList<Example> format, int count, long seed)
    {
        ArgumentNullException.ThrowIfNull(format);
        var pool = Enumerable.Range(0, format.Count).ToArray();
        var take = Math.Clamp(count, 0, pool.Length);
        var random = new SeededRandom(seed);
        for (var i = 0; i < take; i++)
        {
            var j = i + random.Next(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        // np.sort of the drawn indices (optimize.py 269): source order, not draw order.
        return pool[..take].Order().Select(i => format[i]).ToList();
    }
}
