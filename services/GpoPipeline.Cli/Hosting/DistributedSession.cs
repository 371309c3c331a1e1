using System.Globalization;
using GpoPipeline.Cli.Rendering;
using GpoPipeline.Contracts;
using GpoPipeline.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// `gpo optimize --distributed`: submits the run (its dataset inside the StartRun) to a deployment over RabbitMQ and
/// follows it by its bus events. It never opens the store, so it works against any deployment it can reach.
/// </summary>
public static class DistributedSession
{
    public static async Task<int> SubmitAndFollowAsync(
        StartRun start, IDictionary<string, string?> settings, Printer printer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        // Ctrl+C is handled from here on. Before, the handler was registered only after the submission and the probe for
        // a scheduler; a signal in between went to the host's console lifetime, which swallows it, and gpo waited forever.
        var keys = new CancelKeys();
        using var registration = cancellationToken.Register(keys.Request);
        var events = new RunEvents(start.RunId);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>(); // no ConsoleLifetime: it would take SIGINT/SIGTERM
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(events);
        // A client of any deployment: without --broker (or the setting) it tries a broker on this machine, as documented.
        // Said here, not left to the bus's default: a service outside Development refuses to run on that default.
        var brokerUri = builder.Configuration["Messaging:RabbitMqUri"] ??= MessagingOptions.LocalRabbitMqUri;
        builder.AddPipelineBus(bus => bus.AddConsumer<RunEventsConsumer>().Endpoint(endpoint =>
        {
            // Its own queue, deleted with the connection: two followers never take each other's events.
            endpoint.Temporary = true;
            endpoint.InstanceId = start.RunId.ToString("N")[..12];
        }));
        var broker = BrokerAddress.Parse(brokerUri);
        await BrokerAddress.EnsureAnswersAsync(broker, cancellationToken);
        using var host = builder.Build();
        // The broker's certificate and login first, as a service checks them: a refused password is said as such,
        // not as a bus that could not start.
        if (await host.Services.StartupProblemAsync(cancellationToken) is { } problem)
        {
            throw new UserInputException($"{problem} (--broker sets Messaging:RabbitMqUri)");
        }

        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await host.StartAsync(connect.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or MassTransitException or TimeoutException)
        {
            throw new UserInputException($"RabbitMQ at {broker.Host}:{BrokerUri.Port(broker)} accepts connections but the bus could not start ({ex.Message}); check --broker.", ex);
        }

        try
        {
            if (keys.Requested)
            {
                printer.Line("cancelled before the run was submitted; nothing was sent");
                return ExitCodes.Cancelled;
            }

            var bus = host.Services.GetRequiredService<IPublishEndpoint>();
            await bus.Publish(start, CancellationToken.None);
            printer.Line($"run {start.RunId} submitted; following its events (Ctrl+C cancels the run)");
            if (await WorkQueues.ConsumerCountAsync(builder.Configuration, WorkQueues.StartRun, cancellationToken) == 0)
            {
                // Not an error: the run waits in the queue (declared by this host) until a scheduler starts.
                var queue = WorkQueues.QueueName(builder.Configuration["Messaging:EndpointPrefix"], WorkQueues.StartRun);
                printer.Line($"no scheduler is taking runs from queue '{queue}' on {broker.Host}:{BrokerUri.Port(broker)} yet; the run waits there until one starts (Messaging:EndpointPrefix must match the deployment's)");
            }

            return await FollowAsync(events, bus, printer, keys);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<int> FollowAsync(RunEvents events, IPublishEndpoint bus, Printer printer, CancelKeys keys)
    {
        var taken = false; // any event of the run seen: a scheduler has taken it
        while (true)
        {
            var next = events.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
            if (await Task.WhenAny(next, keys.WhenRequested) != next)
            {
                await bus.Publish(new CancelRun { RunId = events.RunId, Reason = StopSignal.CancelReason }, CancellationToken.None);
                printer.Line($"cancel sent; the run stops after the work in flight. Resume with: gpo resume {events.RunId} --store <the deployment's store>");
                if (!taken)
                {
                    // The StartRun and the CancelRun wait in two queues; a scheduler that takes the cancel first keeps it
                    // in the run store for the run (IRunStore.RememberEarlyCancelAsync), so the order does not matter.
                    printer.Line("no event of the run had arrived yet: the cancel waits with the run, and the scheduler that takes them creates the run cancelled");
                }

                return ExitCodes.Cancelled;
            }

            while (events.Reader.TryRead(out var message))
            {
                taken = true;
                switch (message)
                {
                    case StepStarted started:
                        printer.Line(string.Create(CultureInfo.InvariantCulture, $"step {started.Step}/{started.TotalSteps} started · budget {started.EditBudget?.ToString(CultureInfo.InvariantCulture) ?? "none"} words"));
                        break;
                    case StepCompleted completed:
                        printer.Line(string.Create(CultureInfo.InvariantCulture, $"step {completed.Step}/{completed.TotalSteps} done · dev {completed.DevScore:P1}"));
                        break;
                    case RunFailed failed:
                        printer.Line($"run failed: {failed.Reason}");
                        return ExitCodes.RunFailed;
                    case RunCancelled cancelled:
                        // Cancelled elsewhere (the API, another gpo): the run stopped, so following it ends here.
                        printer.Line($"run cancelled: {cancelled.Reason}. Resume with: gpo resume {events.RunId} --store <the deployment's store>");
                        return ExitCodes.Cancelled;
                    case RunCompleted done:
                        if (printer.Json)
                        {
                            printer.Data(done);
                        }
                        else
                        {
                            printer.Line(string.Create(CultureInfo.InvariantCulture,
                                $"{done.Status} · best dev {done.BestDevScore:P1} · test {done.InitialTestScore:P1} → {done.BestTestScore:P1} · {Printer.CallsText(done.Calls, done.CacheHits, done.MemoHits)} · ${done.Cost:0.0000}"));
                            printer.Line($"best prompt: {done.BestPrompt}");
                        }

                        return done.Status == "completed" ? ExitCodes.Ok : ExitCodes.BudgetExhausted;
                }
            }
        }
    }
}
