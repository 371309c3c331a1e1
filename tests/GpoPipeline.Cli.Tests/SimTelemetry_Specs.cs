using GpoPipeline.Testing;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace GpoPipeline.Cli.Tests;

/// <summary>Issue 14: `gpo sim` exports its telemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set, like every host.</summary>
public sealed class SimTelemetry_Specs
{
    [Fact]
    public async Task When_an_OTLP_endpoint_is_set_Should_export_the_simulators_traces_to_it()
    {
        var port = LoopbackPorts.Free();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var received = new ConcurrentQueue<string>();
        var receiving = Task.Run(async () =>
        {
            while (true)
            {
                HttpListenerContext context;
                try
                {
                    context = await receiver.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                received.Enqueue(context.Request.Url!.AbsolutePath);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        var environment = new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        };

        await using (var sim = GpoProcess.Start(environment, "sim", "--port", "0"))
        {
            var serving = await sim.WaitForLineAsync("serving ");
            Assert.True(serving is not null, sim.Stdout);
            var baseUrl = serving!.Split(' ')[1];
            using (var http = new HttpClient())
            {
                using var models = await http.GetAsync(new Uri(new Uri(baseUrl), "models"));
                Assert.True(models.IsSuccessStatusCode, $"{(int)models.StatusCode}");
            }

            await sim.SignalAsync("TERM"); // a host flushes its exporters when it stops
            var result = await sim.WaitForExitAsync();
            Assert.True(result.ExitCode == 0, result.Stderr);
        }

        receiver.Stop();
        await receiving;
        Assert.Contains("/v1/traces", received);
    }

}
