using System.CommandLine;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Optimization.Datasets;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Cli.Commands;

/// <summary>`gpo sim`: the simulated LLM as a server, to point the distributed stack at (a test instrument).</summary>
public static class SimCommand
{
    /// <summary>The mixed faults one --fault-rate spreads evenly over (timeouts excluded: they take 30 s each).</summary>
    public const int FaultKinds = 5;

    public static Command Create(Func<bool, Printer> printers)
    {
        var seed = new Option<long>("--seed") { Description = "Simulator seed.", DefaultValueFactory = _ => 1 };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 5080 }
            .Between(0, 65535, "a TCP port");
        var data = new Option<string[]>("--data")
        {
            Description = "A dataset the runs use (folder of .jsonl files, or one .jsonl file), so the simulated task model knows its answers; repeatable. The shipped data/ is always known.",
            AllowMultipleArgumentsPerToken = false,
        }.NotBlank(RunOptions.DataExpected);
        var latency = new Option<double>("--latency") { Description = "Delay of every simulated answer, in milliseconds.", DefaultValueFactory = _ => 0 }
            .Between(0, 600_000, "milliseconds");
        var faultRate = new Option<double>("--fault-rate")
        {
            Description = "Share of requests that fail, spread evenly over 429 (Retry-After 1 s), 500, 503, connection reset and cut-off JSON.",
            DefaultValueFactory = _ => 0,
        }.Between(0, 1, "a share");
        var command = new Command("sim", "Serve the simulated OpenAI-compatible models (sim-task, sim-optimizer, sim-embedding) until Ctrl+C or SIGTERM.")
        {
            seed, port, data, latency, faultRate,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(false);
            var dataRoot = CliPaths.FindDataRoot() ?? throw new UserInputException("The shipped data/ folder was not found; run gpo from the repository.");
            var roots = new List<string> { dataRoot };
            foreach (var path in parse.GetValue(data) ?? [])
            {
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    throw new UserInputException($"--data {path}: no such file or folder.");
                }

                // Read with the pipeline's own parser first, so a bad line is named with its file and line (exit 2),
                // not an "unexpected error" from the simulator's reader (the CLI audit).
                _ = File.Exists(path) ? DatasetFiles.LoadFile(path).Count : DatasetFiles.LoadFolder(path).Splits.Count;

                roots.Add(Path.GetFullPath(path));
            }

            var options = new SimulatorOptions { Seed = parse.GetValue(seed), DataRoot = string.Join(';', roots) };
            if (parse.GetValue(latency) is > 0 and var milliseconds)
            {
                foreach (var role in new[] { options.TaskLatency, options.OptimizerLatency, options.EmbeddingLatency })
                {
                    role.Kind = LatencyKind.Fixed;
                    role.Milliseconds = milliseconds;
                }
            }

            var share = parse.GetValue(faultRate) / FaultKinds;
            (options.Faults.Rate429, options.Faults.Rate500, options.Faults.Rate503, options.Faults.RateReset, options.Faults.RateMalformedJson) = (share, share, share, share, share);
            await using var simulator = await SimulatedLlmServer.StartAsync(
                options, parse.GetValue(port),
                builder => builder.AddServiceDefaults("gpo-sim"), cancellationToken); // exports over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set
            printer.Line($"[yellow]{SimulatedModels.Notice}[/]");
            printer.Line($"serving {simulator.BaseUrl} with answers from {roots.Count} dataset location(s) (Ctrl+C to stop)");
            await Task.WhenAny(Task.Delay(Timeout.Infinite, cancellationToken)); // Ctrl+C or SIGTERM (Program.cs) cancels it
            return ExitCodes.Ok;
        });
        return command;
    }
}
