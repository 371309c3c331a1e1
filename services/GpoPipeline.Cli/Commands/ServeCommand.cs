using System.CommandLine;
using GpoPipeline.Api;
using GpoPipeline.Api.Security;
using GpoPipeline.Cli.Hosting;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.ServiceDefaults;
using GpoPipeline.SimulatedLlm;

namespace GpoPipeline.Cli.Commands;

/// <summary>
/// `gpo serve`: the control-plane API with the embedded store and the four workers in this process (issue 12), on
/// 127.0.0.1. Prints its URL and a freshly generated admin key (stored hashed; shown only here; the next start revokes it). `--broker` puts the
/// bus on RabbitMQ so workers started elsewhere can join; `--simulated` uses the simulated models (a test instrument).
/// </summary>
public static class ServeCommand
{
    public static Command Create(Func<bool, Printer> printers)
    {
        // 0 takes any free port (the URL printed is the one taken); 80000 reached the host's start as a bad 'urls'.
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1.", DefaultValueFactory = _ => 8080 }.Between(0, 65535, "a TCP port (0: any free one)");
        var store = CommonOptions.Store();
        var broker = new Option<string?>("--broker") { Description = "amqp://… broker to run the bus on (default: in-process)." }.NotBlank(BrokerAddress.Expected);
        var simulated = new Option<bool>("--simulated") { Description = "Use the simulated models (no API key; not model quality)." };
        var command = new Command("serve", "Run the control-plane API (tasks, runs, champions, serving, chat proxy) with in-process workers until Ctrl+C.")
        {
            port, store, broker, simulated,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var printer = printers(false);
            // --store as optimize and demo check it (a file that is not a store is named as --store and never written).
            await StoreAccess.CheckWritableAsync(parse.GetValue(store), cancellationToken);
            var settings = CommonOptions.StoreSettings(parse.GetValue(store));
            if (parse.GetValue(broker) is { } amqp)
            {
                await BrokerAddress.EnsureAnswersAsync(BrokerAddress.Parse(amqp), cancellationToken);
                settings["Messaging:Transport"] = "RabbitMq";
                settings["Messaging:RabbitMqUri"] = amqp;
            }

            SimulatedLlmServer? simulator = null;
            if (parse.GetValue(simulated))
            {
                var dataRoot = CliPaths.FindDataRoot() ?? throw new UserInputException("--simulated needs the shipped data/ folder; run gpo from the repository.");
                simulator = await SimulatedModels.StartAsync(dataRoot, cancellationToken);
                foreach (var (key, value) in SimulatedModels.Settings(simulator.BaseUrl))
                {
                    settings[key] = value;
                }

                printer.Line($"[yellow]{SimulatedModels.Notice}[/]");
            }

            var (_, _, adminKey) = ApiKeySecret.Generate();
            var url = $"http://127.0.0.1:{parse.GetValue(port)}";
            settings["urls"] = url;
            settings["ControlPlane:EmbeddedWorkers"] = "true";
            // The in-process bus loses the work in flight at a stop: a run that was running goes on at once, not after the stall timeout.
            settings["Scheduler:ResumeRunningAtStart"] = parse.GetValue(broker) is null ? "true" : "false";
            settings["ControlPlane:BootstrapAdminKey"] = adminKey;
            // This start's key replaces the ones earlier starts printed (revoked at install): at most one is live.
            settings["ControlPlane:BootstrapKeyPerSession"] = "true";
            settings["Logging:LogLevel:Default"] = "Warning";
            try
            {
                await using var app = ControlPlaneApp.Build([], settings);
                // What a service checks before it starts (the store, the broker's certificate and login), said in one line.
                if (await app.Services.StartupProblemAsync(cancellationToken) is { } problem)
                {
                    // The service's wording names its settings; say which option set them.
                    var option = problem.Contains("'urls'", StringComparison.Ordinal) ? " (--port sets urls)"
                        : parse.GetValue(broker) is not null && problem.Contains("RabbitMqUri", StringComparison.Ordinal) ? " (--broker sets Messaging:RabbitMqUri)"
                        : ServeModelsHint.AppliesTo(problem, parse.GetValue(simulated)) ? ServeModelsHint.Text
                        : string.Empty;
                    throw new UserInputException(problem + option);
                }

                await ServeStart.StartAsync(app, parse.GetValue(broker), cancellationToken);
                url = app.Urls.FirstOrDefault() ?? url; // the port taken: --port 0 asks for any free one
                printer.Line($"serving {url} (OpenAPI: {url}/openapi/v1.json) · Ctrl+C to stop");
                printer.Line($"web dashboard: {url}/ (sign in with the admin key below)");
                printer.Line($"admin key (shown once; valid until the next `gpo serve` start): {adminKey}");
                // Ctrl+C or SIGTERM (Program.cs cancels the token; the host's own lifetime may stop it first).
                var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using var onStopping = app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
                using var onCancelled = cancellationToken.Register(() => stopping.TrySetResult());
                await stopping.Task;
                await app.StopAsync(CancellationToken.None);
            }
            finally
            {
                if (simulator is not null)
                {
                    await simulator.DisposeAsync();
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
