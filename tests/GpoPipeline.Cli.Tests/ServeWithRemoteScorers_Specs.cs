using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using GpoPipeline.SimulatedLlm;
using GpoPipeline.SimulatedLlm.Wire;
using GpoPipeline.Testing;

namespace GpoPipeline.Cli.Tests;

/// <summary>
/// `gpo serve --broker` (issue 12): the control plane keeps the embedded store in its own process while a scorer
/// started elsewhere — another process, its own model endpoint, no store and no data folder — joins over RabbitMQ
/// and takes part of a run's scoring. Runs on simulated models (a test instrument).
/// </summary>
public sealed class ServeWithRemoteScorers_Specs
{
    [Fact]
    public async Task When_a_scorer_process_joins_the_serve_broker_Should_score_part_of_the_run_which_completes()
    {
        RabbitMqBroker.EnsureReachable();
        var prefix = "s" + Guid.NewGuid().ToString("N")[..8];
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "gpo-serve-remote-" + prefix)).FullName;
        var remoteModels = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var simulator = OsProcess.Start("simulator", "GpoPipeline.SimulatedLlm", folder, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = remoteModels.ToString(), ["Simulator__Seed"] = "7", ["Simulator__DataRoot"] = RepoPaths.Data,
        }, folder);
        var scorerEnvironment = new Dictionary<string, string>
        {
            ["Messaging__Transport"] = "RabbitMq", ["Messaging__RabbitMqUri"] = RabbitMqBroker.Uri.ToString(), ["Messaging__EndpointPrefix"] = prefix,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };
        foreach (var (role, model) in new[] { ("Task", "sim-task"), ("Optimizer", "sim-optimizer"), ("Embedding", "sim-embedding") })
        {
            scorerEnvironment[$"Llm__{role}__BaseUrl"] = new Uri(remoteModels, "/v1/").ToString();
            scorerEnvironment[$"Llm__{role}__Model"] = model;
            scorerEnvironment[$"Llm__{role}__ApiKey"] = "sim-key";
        }

        using var scorer = OsProcess.Start("scoring", "GpoPipeline.Scoring", folder, scorerEnvironment, folder);

        await StartedAsync(scorer);
        var port = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        await using var serve = GpoProcess.Start(new Dictionary<string, string?> { ["Messaging__EndpointPrefix"] = prefix },
            "serve", "--simulated", "--port", port, "--broker", RabbitMqBroker.Uri.ToString(), "--store", Path.Combine(folder, "serve.db"));
        var keyLine = await serve.WaitForLineAsync("admin key (shown once");
        Assert.True(keyLine is not null, $"gpo serve printed no admin key:\n{serve.Stdout}");
        http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", keyLine.Split(": ")[^1].Trim());

        var created = await http.PostAsync("v1/tasks", Json(new
        {
            name = "nav",
            settings = new { steps = 2, candidates = 4, batchSize = 2, maxDevExamples = 16, maxTestExamples = 16, seed = 3, taskModel = "sim-task", optimizerModel = "sim-optimizer" },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var lines = new[] { "train", "dev", "test" }.SelectMany(split => File.ReadAllLines(Path.Combine(RepoPaths.Task("bbh", "navigate"), split + ".jsonl"))).Where(l => l.Length > 0);
        var uploaded = await http.PutAsync("v1/tasks/nav/dataset", new StringContent(string.Join('\n', lines) + "\n", Encoding.UTF8, "application/jsonl"));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var submitted = await http.PostAsync("v1/tasks/nav/runs", Json(new { }));
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, await submitted.Content.ReadAsStringAsync());
        var runId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var run = await FinishedAsync(http, runId);
        Assert.True(run.GetProperty("status").GetString() == "Completed", run.ToString());
        // The remote scorer answered part of the run's examples through its own endpoint.
        var remoteRequests = await http.GetFromJsonAsync<List<SimulatedRequest>>(new Uri(remoteModels, "/sim/requests"), SimJson.Log) ?? [];
        Assert.Contains(remoteRequests, r => r.Model == "sim-task");
        Assert.False(scorer.HasExited, "the remote scorer exited");
    }

    private static async Task<JsonElement> FinishedAsync(HttpClient http, Guid runId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        JsonElement run = default;
        while (DateTime.UtcNow < deadline)
        {
            run = await http.GetFromJsonAsync<JsonElement>($"v1/runs/{runId}");
            if (run.GetProperty("status").GetString() is "Completed" or "Failed" or "Cancelled" or "StoppedBudget")
            {
                return run;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"run {runId} did not finish within 4 minutes: {run}");
    }

    /// <summary>The scorer listens once its host has started (its bus is connected by then).</summary>
    private static async Task StartedAsync(OsProcess process)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, $"{process.Name} exited at start: {Read(process.Log)}");
            if (Read(process.Log).Contains("Application started", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{process.Name} did not start within 2 minutes: {Read(process.Log)}");
    }

    private static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

}
