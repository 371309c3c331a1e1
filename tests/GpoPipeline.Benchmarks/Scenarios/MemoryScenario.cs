using System.Diagnostics;
using System.Globalization;
using GpoPipeline.SimulatedLlm;
using GpoPipeline.Testing;

namespace GpoPipeline.Benchmarks.Scenarios;

/// <summary>P5: idle and peak resident memory of each worker as its own OS process, and of `gpo demo`.</summary>
public static class MemoryScenario
{
    private static readonly string[] Workers = ["GpoPipeline.DecayScheduler", "GpoPipeline.DirectionRetrieval", "GpoPipeline.PromptGeneration", "GpoPipeline.Scoring"];

    public static async Task<ScenarioResult> RunAsync()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        await using var simulator = await SimulatedLlmServer.StartAsync(new SimulatorOptions { Seed = 1, DataRoot = RepoPaths.Data });
        var folder = Directory.CreateTempSubdirectory("gpo-rss-").FullName;
        var rows = new List<string>();
        var worst = 0.0;
        foreach (var worker in Workers)
        {
            var dll = Path.Combine(RepoPaths.Root, "services", worker, "bin", configuration, "net10.0", worker + ".dll");
            var (idle, peak) = await MeasureAsync(dll, ["--urls", "http://127.0.0.1:0"], Environment(simulator.BaseUrl, Path.Combine(folder, worker + ".db")), idleSeconds: 6);
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{worker.Replace("GpoPipeline.", string.Empty, StringComparison.Ordinal)} {idle:0}/{peak:0}"));
            worst = Math.Max(worst, idle);
        }

        var gpo = Path.Combine(RepoPaths.Root, "services", "GpoPipeline.Cli", "bin", configuration, "net10.0", "linux-x64", "gpo.dll");
        var (_, demoPeak) = await MeasureAsync(gpo, ["demo", "--store", Path.Combine(folder, "demo.db"), "--json"], new Dictionary<string, string>(), idleSeconds: 0);
        rows.Add(string.Create(CultureInfo.InvariantCulture, $"gpo demo peak {demoPeak:0}"));
        Directory.Delete(folder, recursive: true);
        return new ScenarioResult("P5", "memory (MB, idle/peak)", string.Join("; ", rows), worst, "idle ≤ 150 MB per worker", worst <= 150,
            "VmRSS after 6 s idle, VmHWM; each worker a separate `dotnet <worker>.dll` process with its own LiteDB file",
            Goal: 150, LowerIsBetter: true);
    }

    private static Dictionary<string, string> Environment(Uri simulator, string store) => new()
    {
        ["Store__ConnectionString"] = store,
        ["Messaging__EndpointPrefix"] = "rss" + Guid.NewGuid().ToString("N")[..6],
        ["Llm__Task__BaseUrl"] = simulator.ToString(),
        ["Llm__Task__Model"] = "sim-task",
        ["Llm__Task__ApiKey"] = "sim",
        ["Llm__Optimizer__BaseUrl"] = simulator.ToString(),
        ["Llm__Optimizer__Model"] = "sim-optimizer",
        ["Llm__Optimizer__ApiKey"] = "sim",
        ["Messaging__RabbitMqUri"] = RabbitMqBroker.Uri.ToString(),
    };

    private static async Task<(double IdleMb, double PeakMb)> MeasureAsync(string dll, string[] args, Dictionary<string, string> environment, int idleSeconds)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        double rss = 0, peak = 0;
        var deadline = DateTime.UtcNow.AddSeconds(idleSeconds > 0 ? idleSeconds : 120);
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            (rss, peak) = Read(process.Id, rss, peak);
            await Task.Delay(100);
        }

        if (!process.HasExited)
        {
            (rss, peak) = Read(process.Id, rss, peak);
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        if (idleSeconds > 0 && process.ExitCode != 0 && peak == 0)
        {
            var lastLine = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            throw new InvalidOperationException($"{Path.GetFileName(dll)} exited with code {process.ExitCode} before it could be measured: {lastLine}");
        }

        return (rss, peak);
    }

    /// <summary>
    /// VmRSS/VmHWM of a live process; the last values when it is gone. A process that has exited but is not yet
    /// reaped (a zombie: `gpo demo` at its end, while Process.HasExited is still false) has a status file without
    /// the Vm* lines — reading them with First() aborted P5 with "Sequence contains no matching element" whenever
    /// the 100 ms poll landed in that window, which depends on the machine's timing (a clean clone's first run).
    /// </summary>
    private static (double Rss, double Peak) Read(int pid, double rss, double peak)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            double? Field(string name) => status.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } line
                ? double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024
                : null;
            return Field("VmRSS:") is { } now && Field("VmHWM:") is { } high ? (now, Math.Max(peak, high)) : (rss, peak);
        }
        catch (IOException)
        {
            return (rss, peak);
        }
    }
}
