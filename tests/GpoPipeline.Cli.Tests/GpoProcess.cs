using System.Diagnostics;
using System.Text;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// `gpo` as a real child process (`dotnet gpo.dll`): for what needs a process of its own — signals, the OS-level store
/// lock, environment variables that must not leak into specs running in parallel.
/// </summary>
public sealed class GpoProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly SemaphoreSlim changed = new(0);

    private GpoProcess(Process process) => this.process = process;

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static GpoProcess Start(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gpo.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A developer's key or endpoint must not decide what a spec sees.
        foreach (var name in new[] { "OPENAI_API_KEY", "OPENAI_BASE_URL", "Llm__Task__ApiKey", "Llm__Optimizer__ApiKey", "Llm__Embedding__ApiKey" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        var child = new GpoProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        child.process.OutputDataReceived += (_, e) => child.Append(child.stdout, e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Append(child.stderr, e.Data);
        child.process.Start();
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    public static async Task<GpoRun> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        await using var child = Start(environment, args);
        return await child.WaitForExitAsync();
    }

    public string Stdout
    {
        get
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
    }

    /// <summary>Waits until stdout has a line containing <paramref name="text"/> (or the process ended); returns that line.</summary>
    public async Task<string?> WaitForLineAsync(string text)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (true)
        {
            var line = Stdout.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null || process.HasExited)
            {
                return line;
            }

            await changed.WaitAsync(TimeSpan.FromMilliseconds(200), patience.Token);
        }
    }

    /// <summary>Sends a signal as `kill -SIGNAL pid` does (SIGTERM from containers, systemd and CI).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
    }

    public async Task<GpoRun> WaitForExitAsync()
    {
        using var patience = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(patience.Token);
        process.WaitForExit(); // drains the redirected streams
        string errors;
        lock (stderr)
        {
            errors = stderr.ToString();
        }

        return new GpoRun(process.ExitCode, Stdout, errors);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        changed.Dispose();
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }

        changed.Release();
    }
}
