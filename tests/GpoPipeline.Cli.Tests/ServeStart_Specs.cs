using System.Net;
using System.Net.Sockets;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// `gpo serve` starts as a service does (HostStartup's checked start): what fails or never completes while its host
/// starts is one line and exit 2, never a stack trace, "unexpected error" or a silent wait.
/// </summary>
public sealed class ServeStart_Specs
{
    [Fact]
    public async Task When_serve_is_given_a_broker_port_that_takes_connections_but_speaks_no_AMQP_Should_say_the_bus_did_not_start_and_exit_2()
    {
        // It passed the TCP probe, then the bus retried forever: serve printed nothing and never served (the CLI audit).
        using var notABroker = new ClosingListener();
        using var store = new TempStore();

        var result = await GpoProcess.RunAsync(null,
            "serve", "--simulated", "--port", "0", "--store", store.Path, "--broker", $"amqp://guest:guest@127.0.0.1:{notABroker.Port}/");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}");
        Assert.Contains($"RabbitMQ at 127.0.0.1:{notABroker.Port} accepts connections but the bus did not start", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("check --broker", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("serving http", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", result.Stdout + result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Takes every connection and closes it at once: a port that is open but no broker's.</summary>
    private sealed class ClosingListener : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();

        public ClosingListener()
        {
            listener.Start();
            _ = CloseEachAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        private async Task CloseEachAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await listener.AcceptTcpClientAsync(stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // stopped
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            stop.Dispose();
        }
    }
}
