using System.Diagnostics;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// What the dashboard prints: the addresses it bound (it is started on port 0, so the kernel picks ports no other
/// process holds) and its last lines, for the one-line error when it does not start.
/// </summary>
internal sealed class DashboardOutput
{
    private const int Keep = 8;
    private readonly Queue<string> _lines = new();
    private readonly BoundAddresses _addresses = new();

    public DashboardOutput(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Completes once the dashboard has printed the UI, OTLP/gRPC and OTLP/HTTP addresses it listens on.</summary>
    public Task<DashboardAddresses> Bound => _addresses.Bound;

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

        _addresses.Read(line);
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
