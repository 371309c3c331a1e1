using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// Checks a task before any model call: the needed splits exist and are non-empty, and the targets fit
/// the task kind. Multiple-choice targets that are option text (3 shipped BBH items) are warnings, not
/// errors — they just can never match a letter — unless most targets of a split are like that.
/// </summary>
public static class DatasetValidator
{
    public static readonly IReadOnlyList<string> RunSplits = [Split.Train, Split.Dev, Split.Test, Split.Format];

    public static DatasetReport Check(TaskDataset dataset, IEnumerable<string>? requiredSplits = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var errors = new List<string>();
        var warnings = new List<string>();
        var name = $"{dataset.Task.Benchmark}/{dataset.Task.Name}";
        foreach (var split in requiredSplits ?? RunSplits)
        {
            if (!dataset.Splits.TryGetValue(split, out var examples) || examples.Count == 0)
            {
                errors.Add($"{name}: split '{split}' is missing or empty (expected {split}.jsonl with at least one example).");
                continue;
            }

            var misfits = examples.Where(e => !TargetFits.Kind(dataset.Task, e)).ToList();
            var letterOnly = dataset.Task.Kind == TaskKind.MultipleChoice && misfits.Count * 2 < examples.Count;
            var target = letterOnly ? warnings : errors;
            target.AddRange(misfits.Take(5).Select(e =>
                $"{Where(e, name, split)}, line {e.Line}: target \"{e.Target}\" {TargetFits.Expected(dataset.Task)}{(letterOnly ? " — this example can never be scored correct" : "")}."));
            if (misfits.Count > 5)
            {
                target.Add($"{Where(misfits[5], name, split)}: {misfits.Count - 5} more targets like that.");
            }
        }

        return new DatasetReport(errors, warnings);
    }

    /// <summary>
    /// The file the example was read from, as the user gave it: a single file's examples are split into train, dev and
    /// test in memory, so "user/mine test.jsonl" named a file that does not exist. Examples built in memory have none.
    /// </summary>
    private static string Where(Example example, string name, string split) =>
        example.Source is { } file ? file : $"{name} {split}.jsonl";

    public static void ThrowIfInvalid(TaskDataset dataset, IEnumerable<string>? requiredSplits = null)
    {
        var report = Check(dataset, requiredSplits);
        if (report.Errors.Count > 0)
        {
            throw new DatasetException(string.Join(Environment.NewLine, report.Errors));
        }
    }
}
