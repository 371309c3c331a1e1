using System.Diagnostics;

namespace GpoPipeline.Testing;

/// <summary>
/// One service as its own OS process: <c>dotnet &lt;Service&gt;.dll</c> from the build output, started in a working
/// directory of the test's choosing, its output in a log file. <see cref="Kill"/> is <c>kill -9</c>.
/// </summary>
public sealed class OsProcess : IDisposable
{
    private readonly Process _process;

    private OsProcess(string name, Process process, string log)
    {
        Name = name;
        _process = process;
        Log = log;
    }

    public string Name { get; }

    public string Log { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the process to end by itself; its exit code, or null if it is still running after <paramref name="timeout"/>.</summary>
    public int? WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout) ? _process.ExitCode : null;

    public static OsProcess Start(string name, string assembly, string workingDirectory, IDictionary<string, string> environment, string logDirectory)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, assembly + ".dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is not in the build output; build the test project first.", dll);
        }

        var log = Path.Combine(logDirectory, $"{name}-{Guid.NewGuid():N}.log"[..(name.Length + 13)] + ".log");
        var info = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
        };
        // exec: the shell becomes the service, so the pid is the service's and kill -9 hits it.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec dotnet \"{dll}\" >\"{log}\" 2>&1");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new OsProcess(name, Process.Start(info)!, log);
    }

    /// <summary>kill -9: no shutdown code runs, in-flight work and unacknowledged messages are abandoned.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>SIGTERM, the host's graceful stop; kill -9 if it has not exited within <paramref name="timeout"/>.</summary>
    /// <returns>Whether it exited by itself within <paramref name="timeout"/>.</returns>
    public bool Stop(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            term.WaitForExit(5_000);
        }

        if (!_process.WaitForExit(timeout))
        {
            Kill();
            return false;
        }

        return true;
    }

    public string LogTail(int lines = 15)
    {
        try
        {
            var all = File.ReadAllLines(Log);
            return string.Join(Environment.NewLine, all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
