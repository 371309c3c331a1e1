using System.CommandLine;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Cli.Commands;

/// <summary>`gpo sim`: the simulated LLM as a server, to point the distributed stack at (a test instrument).</summary>
public static class SimCommand
{
    public static Command Create(Func<bool, Printer> printers)
    {
        var seed = new Option<long>("--seed") { Description = "Simulator seed.", DefaultValueFactory = _ => 1 };
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 = any free port).", DefaultValueFactory = _ => 5080 };
        var command = new Command("sim", "Serve the simulated OpenAI-compatible models (sim-task, sim-optimizer, sim-embedding) until Ctrl+C.") { seed, port };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(false);
            var dataRoot = CliPaths.FindDataRoot() ?? throw new UserInputException("The shipped data/ folder was not found; run gpo from the repository.");
            await using var simulator = await SimulatedLlmServer.StartAsync(
                new SimulatorOptions { Seed = parse.GetValue(seed), DataRoot = dataRoot }, parse.GetValue(port),
                builder => builder.AddServiceDefaults("gpo-sim"), cancellationToken); // exports over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set
            printer.Line($"[yellow]{SimulatedModels.Notice}[/]");
            printer.Line($"serving {simulator.BaseUrl} (Ctrl+C to stop)");
            using var keys = new CancelKeys();
            while (!keys.Requested && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(200, CancellationToken.None);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
