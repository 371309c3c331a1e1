using GpoPipeline.Optimization.MetaPrompts;
using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// Splits a user's single JSONL file into the splits GPO needs, deterministically: a seeded shuffle
/// (our <see cref="SeededRandom"/> with seed 0; the official code seeds numpy with 0, optimize.py 105, but we do not
/// reproduce numpy's stream, and the code has no single-file split at all: spec §4), then 20 % train (sets the step count, spec §1.2),
/// 30 % dev (scores candidates), 50 % test; the format examples come from train.
/// </summary>
public static class SingleFileSplits
{
    public const int MinimumExamples = 6;

    public static TaskDataset Split(IReadOnlyList<Example> examples, string name)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count < MinimumExamples)
        {
            var problem = $"{examples.Count} examples; a single file needs at least {MinimumExamples} to split into train, dev and test.";
            throw examples is [{ Source: { } file }, ..]
                ? new DatasetException(file, 0, $"the file has {problem}")
                : new DatasetException($"Task '{name}' has {problem}");
        }

        var shuffled = examples.ToArray();
        var random = new SeededRandom(0);
        for (var i = shuffled.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        var train = Math.Max(1, shuffled.Length / 5);
        var dev = Math.Max(1, shuffled.Length * 3 / 10);
        var kind = TargetKindInference.Infer(examples);
        var task = new TaskDefinition("user", name, kind)
        {
            BooleanWords = kind == TaskKind.Boolean ? BooleanWords.FromTargets(examples.Select(e => e.Target)) : null,
        };
        var trainSplit = shuffled[..train];
        return new TaskDataset(task, new Dictionary<string, IReadOnlyList<Example>>
        {
            [Datasets.Split.Train] = trainSplit,
            [Datasets.Split.Dev] = shuffled[train..(train + dev)],
            [Datasets.Split.Test] = shuffled[(train + dev)..],
            [Datasets.Split.Format] = trainSplit[..Math.Min(5, trainSplit.Length)],
        });
    }
}
