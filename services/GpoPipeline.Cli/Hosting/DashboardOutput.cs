using System.Diagnostics;

namespace GpoPipeline.Cli.Hosting;

/// <summary>The last lines the dashboard printed, for the one-line error when it does not start.</summary>
internal sealed class DashboardOutput
{
    private const int Keep = 8;
    private readonly Queue<string> _lines = new();

    public DashboardOutput(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Tail()
    {
        lock (_lines)
        {
            return _lines.Count == 0 ? "(no output)" : string.Join(" | ", _lines);
        }
    }

    private void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line.Trim());
            while (_lines.Count > Keep)
            {
                _lines.Dequeue();
            }
        }
    }
}
