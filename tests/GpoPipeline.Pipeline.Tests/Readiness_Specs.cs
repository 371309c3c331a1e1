using System.Net;
using GpoPipeline.Testing;

namespace GpoPipeline.Pipeline.Tests;

/// <summary>
/// Issue 13 §4: /health/ready of the real service processes says whether they can work — the store for the store's
/// owner (the scheduler), the broker for everyone — so an orchestrator stops sending them traffic when they cannot.
/// </summary>
[Collection(BrokerSpecs.Name)]
public sealed class Readiness_Specs : IDisposable
{
    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "gpo-ready-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task When_the_scheduler_has_its_store_and_the_broker_Should_be_ready()
    {
        using var scheduler = Start("GpoPipeline.DecayScheduler", out var url, ("Store__ConnectionString", Path.Combine(_directory, "runs.db")));

        Assert.Equal(HttpStatusCode.OK, await ReadinessAsync(scheduler, url, until: HttpStatusCode.OK));
    }

    [Fact]
    public async Task When_the_schedulers_MongoDB_does_not_answer_Should_not_be_ready()
    {
        using var closed = new ClosedPort();
        using var scheduler = Start("GpoPipeline.DecayScheduler", out var url, ("Store__ConnectionString", $"mongodb://127.0.0.1:{closed.Port}/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadinessAsync(scheduler, url, until: null));
    }

    [Fact]
    public async Task When_a_stateless_worker_has_the_broker_Should_be_ready_without_any_store()
    {
        using var scorer = Start("GpoPipeline.Scoring", out var url);

        Assert.Equal(HttpStatusCode.OK, await ReadinessAsync(scorer, url, until: HttpStatusCode.OK));
    }

    [Fact]
    public async Task When_the_broker_goes_away_and_comes_back_Should_be_unready_meanwhile_and_ready_again()
    {
        // A broker of this spec's own: the suite's node must never be stopped.
        Assert.True(PrivateRabbitMqNode.Unavailable is null, PrivateRabbitMqNode.Unavailable);
        await using var node = await PrivateRabbitMqNode.StartAsync();
        using var scorer = Start("GpoPipeline.Scoring", out var url, ("Messaging__RabbitMqUri", node.Uri.ToString()));
        Assert.Equal(HttpStatusCode.OK, await ReadinessAsync(scorer, url, until: HttpStatusCode.OK));

        await node.StopAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await ReadinessAsync(scorer, url, until: HttpStatusCode.ServiceUnavailable));

        await node.StartAgainAsync();
        Assert.Equal(HttpStatusCode.OK, await ReadinessAsync(scorer, url, until: HttpStatusCode.OK));
    }

    public void Dispose()
    {
        _http.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private OsProcess Start(string assembly, out Uri url, params (string Key, string Value)[] settings)
    {
        RabbitMqBroker.EnsureReachable();
        // Below the kernel's port-0 range (LoopbackPorts): a port taken from the OS and released could be handed to another
        // spec's host or connection before the child bound it, and the readiness asked of whatever answered there.
        url = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url.ToString(),
            ["Messaging__Transport"] = "RabbitMq",
            ["Messaging__RabbitMqUri"] = RabbitMqBroker.Uri.ToString(),
            ["Messaging__EndpointPrefix"] = "r" + Guid.NewGuid().ToString("N")[..8],
        };
        foreach (var (role, model) in new[] { ("Task", "sim-task"), ("Optimizer", "sim-optimizer"), ("Embedding", "sim-embedding") })
        {
            // Readiness does not call the model: an endpoint that does not exist is enough.
            environment[$"Llm__{role}__BaseUrl"] = "http://127.0.0.1:9/v1/";
            environment[$"Llm__{role}__Model"] = model;
            environment[$"Llm__{role}__ApiKey"] = "sim-key";
        }

        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return OsProcess.Start(assembly.Split('.')[^1].ToLowerInvariant(), assembly, _directory, environment, _directory);
    }

    /// <summary>
    /// Asks /health/ready until the process answers (and, with <paramref name="until"/>, until it gives that status) for
    /// at most 90 s. A process that never answers HTTP is not ready either: that is reported as 503.
    /// </summary>
    private async Task<HttpStatusCode> ReadinessAsync(OsProcess process, Uri url, HttpStatusCode? until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        HttpStatusCode? last = null;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(url, "/health/ready"));
                last = response.StatusCode;
                if (until is null || last == until)
                {
                    return last.Value;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        return last ?? (until is null ? HttpStatusCode.ServiceUnavailable : throw new TimeoutException(
            $"{process.Name} did not answer /health/ready with {until} within 90 s (exited: {process.HasExited}).{Environment.NewLine}{process.LogTail(30)}"));
    }
}
