using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using Xunit.Abstractions;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// The continuous scenario of issue 12 on the simulator (a test instrument: its scores are not model quality) over
/// real RabbitMQ: create a task, ingest, optimize and promote; ingest more and re-optimize with a flat quality
/// function so the challenger is not really better and is kept out with its p-value; roll back; the proxy answers
/// with the champion in force at each moment; progress arrives as server-sent events.
/// </summary>
public sealed class ContinuousOptimization_Specs(ITestOutputHelper output)
{
    [Fact]
    public async Task When_a_task_is_optimized_again_and_again_Should_promote_only_significant_challengers_and_serve_the_champion_in_force()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync();
        var admin = cluster.Api.Admin();
        var created = await admin.PostAsync("/v1/tasks", Jsonl.Json(new
        {
            name = "nav",
            settings = new { steps = 4, candidates = 4, batchSize = 10, maxDevExamples = 24, seed = 3, taskModel = "sim-task", optimizerModel = "sim-optimizer" },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(200)))).StatusCode);
        var initialPrompt = (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/prompt")).GetProperty("prompt").GetString();
        Assert.Equal(1, await ProxyVersionAsync(cluster));

        // 1. First optimization: starts from champion v1; the challenger it finds is significantly better.
        var first = await SubmitAsync(admin);
        var events = await FollowAsync(cluster.Api, first);
        Assert.Equal("snapshot", events[0]);
        Assert.Contains("step-completed", events);
        Assert.Contains("run-completed", events);
        Assert.Equal("run-decided", events[^1]); // the stream ends once the decision is recorded
        var promoted = await ChampionDecisions.WaitForAsync(admin, first);
        Assert.True(promoted.GetProperty("outcome").GetString() == "promoted", promoted.ToString());
        Assert.True(promoted.GetProperty("pValue").GetDouble() < 0.05);
        Assert.Equal("exact McNemar", promoted.GetProperty("test").GetString());
        Assert.Contains(Logged(cluster), line => line.Contains("Champion decision for task nav: promoted (trigger ", StringComparison.Ordinal)
            && line.Contains("n " + promoted.GetProperty("exampleCount").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var v2 = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/prompt");
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.NotEqual(initialPrompt, v2.GetProperty("prompt").GetString());
        Assert.Equal(2, await ProxyVersionAsync(cluster));
        var run = await admin.GetFromJsonAsync<JsonElement>($"/v1/runs/{first}");
        Assert.Equal(initialPrompt, run.GetProperty("trajectory")[0].GetProperty("prompt").GetString()); // the champion entered the trajectory
        Assert.True(run.GetProperty("spend").GetProperty("calls").GetInt64() > 0);

        // 2. More labelled data: the policy (every 40 new examples) starts a re-optimization from champion v2 by itself.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync("/v1/tasks/nav/policy", Jsonl.Json(new { reoptimizeEveryExamples = 40 }))).StatusCode);
        var appended = await admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(Jsonl.NavigateLines.Skip(200).Take(40)));
        Assert.Equal(HttpStatusCode.Created, appended.StatusCode);
        var second = (await appended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("startedRunId").GetGuid();
        var decided = await ChampionDecisions.WaitForAsync(admin, second);
        Assert.StartsWith("examples", decided.GetProperty("trigger").GetString());
        Assert.Equal(2, decided.GetProperty("championVersion").GetInt32());
        Assert.True(decided.GetProperty("exampleCount").GetInt32() > 0, decided.ToString());
        var secondRun = await admin.GetFromJsonAsync<JsonElement>($"/v1/runs/{second}");
        Assert.Equal(v2.GetProperty("prompt").GetString(), secondRun.GetProperty("trajectory")[0].GetProperty("prompt").GetString());
        var inForce = decided.GetProperty("outcome").GetString() == "promoted" ? 3 : 2;
        Assert.Equal(inForce, (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/prompt")).GetProperty("version").GetInt32());
        Assert.Equal(inForce, await ProxyVersionAsync(cluster));

        // 3. Rollback restores the previous champion as a new version (so every poller's ETag changes).
        var before = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/champions");
        var current = before.GetProperty("versions").EnumerateArray().Last();
        var previous = before.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("number").GetInt32() == current.GetProperty("predecessor").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/tasks/nav/rollback", null)).StatusCode);
        var restored = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/prompt");
        Assert.Equal(inForce + 1, restored.GetProperty("version").GetInt32());
        Assert.Equal(previous.GetProperty("prompt").GetString(), restored.GetProperty("prompt").GetString());
        Assert.Equal(inForce + 1, await ProxyVersionAsync(cluster));
        var history = await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/champions");
        Assert.Equal("rolled-back", history.GetProperty("decisions").EnumerateArray().Last().GetProperty("outcome").GetString());
        Assert.Contains(Logged(cluster), line => line.Contains("Champion decision for task nav: rolled-back", StringComparison.Ordinal));
        Assert.DoesNotContain(Logged(cluster), line => line.Contains("Champion decision", StringComparison.Ordinal)
            && line.Contains(previous.GetProperty("prompt").GetString()!, StringComparison.Ordinal));
        foreach (var decision in history.GetProperty("decisions").EnumerateArray())
        {
            output.WriteLine(decision.ToString());
        }

        Assert.Contains(history.GetProperty("served").EnumerateArray(), s => s.GetProperty("championVersion").GetInt32() == 2);
    }

    [Fact]
    public async Task When_no_instruction_helps_the_task_model_Should_keep_the_champion_and_record_the_p_value()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(flatQuality: true);
        var admin = cluster.Api.Admin();
        await admin.PostAsync("/v1/tasks", Jsonl.Json(new
        {
            name = "nav",
            settings = new { steps = 4, candidates = 4, batchSize = 10, maxDevExamples = 24, seed = 3, taskModel = "sim-task", optimizerModel = "sim-optimizer" },
        }));
        await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(200)));

        var run = await SubmitAsync(admin);
        var kept = await ChampionDecisions.WaitForAsync(admin, run);
        output.WriteLine(kept.ToString());

        Assert.True(kept.GetProperty("outcome").GetString() == "kept", kept.ToString());
        Assert.Equal("exact McNemar", kept.GetProperty("test").GetString());
        var p = kept.GetProperty("pValue").GetDouble();
        var effect = kept.GetProperty("challengerScore").GetDouble() - kept.GetProperty("championScore").GetDouble();
        Assert.True(p >= 0.05 || effect < 0.01, kept.ToString()); // the default minimum effect, +1 point, on the 0–1 scale
        Assert.True(kept.GetProperty("exampleCount").GetInt32() > 50);
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav/prompt")).GetProperty("version").GetInt32());
        Assert.Equal(1, await ProxyVersionAsync(cluster));
    }

    private static async Task<Guid> SubmitAsync(HttpClient admin)
    {
        var response = await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The event names of a run's SSE stream, read until the server ends it (after run-decided).</summary>
    private static async Task<List<string>> FollowAsync(ApiFactory api, Guid runId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{runId}/events");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var response = await api.Admin().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var names = new List<string>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                names.Add(line["event: ".Length..]);
            }
        }

        return names;
    }

    private static async Task<int> ProxyVersionAsync(ControlPlaneCluster cluster)
    {
        var question = JsonDocument.Parse(Jsonl.NavigateLines[0]).RootElement.GetProperty("input").GetString();
        var response = await cluster.Api.Admin().PostAsync("/v1/chat/completions", Jsonl.Json(new
        {
            model = "gpo:nav", messages = new[] { new { role = "user", content = question } },
        }));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()));
        return int.Parse(response.Headers.GetValues("X-Gpo-Champion-Version").Single());
    }

    private static List<string> Logged(ControlPlaneCluster cluster)
    {
        lock (cluster.Api.Logs)
        {
            return [.. cluster.Api.Logs];
        }
    }
}
