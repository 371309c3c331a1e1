namespace GpoPipeline.Optimization.Datasets;

/// <summary>Bad or missing task data. The message names the file, the line (when known) and what was expected.</summary>
public sealed class DatasetException : Exception
{
    public DatasetException() { }

    public DatasetException(string message) : base(message) { }

    public DatasetException(string message, Exception inner) : base(message, inner) { }

    public DatasetException(string source, int line, string problem, Exception? inner = null)
        : base(line > 0 ? $"{source}, line {line}: {problem}" : $"{source}: {problem}", inner)
    {
        Source = source;
        Line = line;
    }

    /// <summary>File (or other source name) the problem is in.</summary>
    public new string? Source { get; }

    /// <summary>1-based line number, 0 when the problem is about the whole file.</summary>
    public int Line { get; }

    /// <summary>
    /// The bytes are not text at all: not UTF-8, or not the UTF-16 or UTF-32 their byte order mark names (the API answers
    /// 400 for that, 422 for a bad example).
    /// </summary>
    public bool NotUtf8 { get; init; }
}
