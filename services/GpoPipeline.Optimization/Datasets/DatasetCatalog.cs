using System.Collections.Concurrent;

namespace GpoPipeline.Optimization.Datasets;

/// <summary>
/// Datasets by path, loaded once per process: every worker reads the same files (mounted data folder), and a
/// ScoreBatch only names its split and example range (DESIGN §2).
/// </summary>
public sealed class DatasetCatalog
{
    private readonly ConcurrentDictionary<string, Lazy<TaskDataset>> _loaded = new(StringComparer.Ordinal);

    /// <param name="dataPath">A task folder (<c>data/bbh/navigate</c>: split files) or a user's single JSONL file.</param>
    /// <param name="task">Task name; defaults to the folder (or file) name.</param>
    /// <exception cref="DatasetException">No path, or the data is missing, too large or invalid.</exception>
    public TaskDataset Get(string dataPath, string? task = null)
    {
        if (string.IsNullOrWhiteSpace(dataPath))
        {
            throw new DatasetException("DataPath", 0, "no dataset path was given; expected a task folder or a JSONL file.");
        }

        var key = $"{Path.GetFullPath(dataPath)}|{task}";
        var lazy = _loaded.GetOrAdd(key, _ => new Lazy<TaskDataset>(() => Load(dataPath, task)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _loaded.TryRemove(key, out _); // a fixed file (or one readable again: permissions, I/O) is read again next time
            throw;
        }
    }

    private static TaskDataset Load(string dataPath, string? task)
    {
        // A missing "mine.jsonl" is a missing file, not a missing task folder (the CLI audit).
        if (File.Exists(dataPath) || (!Directory.Exists(dataPath) && dataPath.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)))
        {
            var name = task ?? Path.GetFileNameWithoutExtension(dataPath);
            return SingleFileSplits.Split(DatasetFiles.LoadFile(dataPath), name);
        }

        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataPath));
        var benchmark = Path.GetFileName(Path.GetDirectoryName(folder));
        return DatasetFiles.LoadFolder(folder, string.IsNullOrEmpty(benchmark) ? null : benchmark, task);
    }
}
