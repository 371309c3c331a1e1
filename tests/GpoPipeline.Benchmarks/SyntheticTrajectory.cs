using GpoPipeline.Optimization.Trajectories;

namespace GpoPipeline.Benchmarks;

/// <summary>Deterministic trajectories of realistic prompts (10-30 words) with 384-dimensional embeddings.</summary>
public static class SyntheticTrajectory
{
    private static readonly string[] Vocabulary =
        ("think step by step carefully read the question answer only with final number count each item list options " +
         "explain reasoning briefly check your work before choosing best option consider every clue then decide output").Split(' ');

    public static Trajectory Build(int entries, int seed = 1)
    {
        var random = new Random(seed);
        var list = Enumerable.Range(0, entries).Select(i =>
        {
            var words = Enumerable.Range(0, random.Next(10, 31)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]);
            return new TrajectoryEntry(string.Join(' ', words) + ".", random.NextDouble(), i);
        });
        return Trajectory.FromEntries(list);
    }

    public static float[][] Embeddings(int entries, int dimensions = 384, int seed = 2)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, entries)
            .Select(_ => Enumerable.Range(0, dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray())
            .ToArray();
    }
}
