using GpoPipeline.ServiceDefaults;
using Microsoft.Extensions.Hosting;

namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// `gpo serve`'s start, checked as a service's is (<see cref="HostStartup.StartCheckedAsync"/>): what fails while the
/// host starts (a store that stops answering while the admin key is installed, a worker that faults, a port taken
/// meanwhile) is one line and exit 2, as the checks before it, instead of the host's "Hosting failed to start" stack
/// trace and "unexpected error". On a broker the start is bounded: the bus waits for a broker forever, as a service
/// does, and `gpo serve --broker` at a port that takes connections but does not speak AMQP sat silent until Ctrl+C.
/// </summary>
public static class ServeStart
{
    /// <summary>As long as `gpo optimize --distributed` gives its bus: a broker that answers starts it in seconds.</summary>
    public static readonly TimeSpan BusPatience = TimeSpan.FromSeconds(20);

    /// <param name="broker">--broker, or null for the in-process bus (no wait on anything outside this process).</param>
    public static async Task StartAsync(IHost host, string? broker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (broker is not null)
        {
            patience.CancelAfter(BusPatience);
        }

        if (await host.StartCheckedAsync(patience.Token) is not { } failed)
        {
            return;
        }

        // Ctrl+C or SIGTERM during the start: nothing was started (GpoApp says so, exit 4).
        cancellationToken.ThrowIfCancellationRequested();
        if (failed.Reason is not null)
        {
            var option = broker is not null && failed.Reason.Contains("RabbitMq", StringComparison.OrdinalIgnoreCase) ? " (--broker sets Messaging:RabbitMqUri)" : string.Empty;
            throw new UserInputException($"serve cannot start: {failed.Reason}{option}");
        }

        if (broker is not null && patience.IsCancellationRequested)
        {
            var address = BrokerAddress.Parse(broker);
            // Most likely the bus (the start waits for it), though the whole start is bounded: a store that does not answer too.
            throw new UserInputException(
                $"serve did not start within {BusPatience.TotalSeconds:0} s: RabbitMQ at {address.Host}:{BrokerUri.Port(address)} accepts connections but the bus did not start " +
                "(is it a RabbitMQ AMQP port, and is the broker up?), or the store did not answer; check --broker (and --store).");
        }

        // The host stopped itself during the start (its lifetime asked it to) without a failure: nothing to serve.
        throw new UserInputException("serve cannot start: the host stopped while it was starting.");
    }
}
