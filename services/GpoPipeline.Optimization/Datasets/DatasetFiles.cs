using GpoPipeline.Optimization.Tasks;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// The only class of this library that touches the file system: opens split files and hands their
/// text to the pure <see cref="JsonlParser"/>. Layout: <c>&lt;root&gt;/&lt;benchmark&gt;/&lt;task&gt;/&lt;split&gt;.jsonl</c>.
/// </summary>
public static class DatasetFiles
{
    /// <summary>Loads a shipped benchmark task; its kind comes from the catalog, else task.json, else its targets.</summary>
    public static TaskDataset Load(string root, string benchmark, string task) =>
        LoadFolder(Path.Combine(root, benchmark, task), benchmark, task);

    /// <summary>Loads a folder of split files (a user's own task, or a benchmark task).</summary>
    public static TaskDataset LoadFolder(string folder, string? benchmark = null, string? task = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new DatasetException(folder, 0, "the task folder does not exist.");
        }

        // A folder where a split or task.json belongs was passed over: the split then read as "missing", task.json as absent.
        foreach (var expected in Split.All.Select(s => SplitPath(folder, s)).Append(Path.Combine(folder, TaskFile.FileName)))
        {
            if (Directory.Exists(expected))
            {
                throw new DatasetException(expected, 0, "this is a folder; a file is expected here.");
            }
        }

        var name = task ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var splits = Split.All.Where(s => File.Exists(SplitPath(folder, s)))
            .ToDictionary(s => s, s => LoadFile(SplitPath(folder, s)));
        var bench = benchmark ?? "user";
        var kind = TaskCatalog.KindOf(bench, name) ?? DeclaredKind(folder) ?? InferredKind(splits);
        var definition = new TaskDefinition(bench, name, kind)
        {
            BooleanWords = kind == TaskKind.Boolean ? BooleanWords.FromTargets(splits.Values.SelectMany(x => x).Select(e => e.Target)) : null,
        };
        return new TaskDataset(definition, splits);
    }

    /// <summary>Parses one JSONL file (a split, or a user's single file of <c>input</c>/<c>target</c> lines).</summary>
    public static IReadOnlyList<Example> LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new DatasetException(path, 0, Directory.Exists(path) ? "this is a folder; a JSONL file of examples is expected here." : "the file does not exist.");
        }

        // Bytes, not a StreamReader: that replaced a bad byte with U+FFFD silently and the example went on with it.
        var bytes = DatasetFileReader.ReadAllBytes(path);
        return bytes.Length > 0
            ? JsonlParser.Parse(bytes, path)
            : throw new DatasetException(path, 0, "the file has no examples (it is empty, or not a regular file: a device, pipe or socket is not read); expected one JSON object per line with \"input\" and \"target\".");
    }

    public static string SplitPath(string folder, string split) => Path.Combine(folder, split + ".jsonl");

    private static TaskKind? DeclaredKind(string folder)
    {
        var path = Path.Combine(folder, TaskFile.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        // Not opened when it reports no size (a device or pipe named task.json): read as the empty file it claims to be.
        return TaskFile.ParseKind(DatasetFileReader.CheckedSize(path) == 0 ? "" : File.ReadAllText(path), path);
    }

    private static TaskKind InferredKind(Dictionary<string, IReadOnlyList<Example>> splits) =>
        TargetKindInference.Infer(splits.Values.SelectMany(x => x).ToList());
}
