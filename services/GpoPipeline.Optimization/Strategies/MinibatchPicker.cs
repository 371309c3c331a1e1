using GpoPipeline.Optimization.MetaPrompts;

namespace GpoPipeline.Optimization.Strategies;

/// <summary>
/// Which training examples the worker scores a beam prompt on before a step (ProTeGi: a random minibatch,
/// LMOps expand_candidates). Seeded by run and step, so every method of a comparison and a resumed step
/// draw the same examples.
/// </summary>
public static class MinibatchPicker
{
    public static IReadOnlyList<int> Pick(int trainCount, int size, long runSeed, int step)
    {
        var indices = Enumerable.Range(0, Math.Max(0, trainCount)).ToArray();
        var take = Math.Clamp(size, 0, indices.Length);
        var random = new SeededRandom(StepSeed.For(runSeed, step, 1));
        for (var i = 0; i < take; i++)
        {
            var j = i + random.Next(indices.Length - i);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }

        return indices[..take];
    }
}
