using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GpoPipeline.Api.Tests.Support;
using Xunit.Abstractions;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// The score-drop trigger of issue 12 on the simulator (a test instrument: its scores are not model quality) over real
/// RabbitMQ: each append scores the champion on the newest labelled examples through the scheduler and the scorers;
/// examples labelled the way the simulator's data says keep its score, examples labelled against that data (the
/// simulator answers from its data, so the champion fails them) drop it and start a re-optimization.
/// </summary>
public sealed class ScoreDropTrigger_Specs(ITestOutputHelper output)
{
    // Five helpful phrases: the simulator answers most navigate questions right with it, so flipped labels drop its score far.
    private const string Champion = "Let's think step by step, follow each direction carefully, count the steps, check the position and give the final answer.";

    [Fact]
    public async Task When_appended_examples_keep_or_drop_the_champions_score_Should_reoptimize_only_after_the_drop()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync();
        var admin = cluster.Api.Admin();
        var created = await admin.PostAsync("/v1/tasks", Jsonl.Json(new
        {
            name = "nav", initialPrompt = Champion,
            settings = new { steps = 1, candidates = 2, batchSize = 10, maxDevExamples = 20, seed = 3, taskModel = "sim-task", optimizerModel = "sim-optimizer" },
            policy = new { scoreDropThreshold = 25, scoreDropExamples = 40 },
        }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(120)))).StatusCode);

        // The threshold is in score points (25 = 0.25 of the 0–1 scores the decisions answer with).
        // 1. The first check gives champion v1 (no run has scored it yet) its reference score.
        var reference = await CheckAsync(admin, Jsonl.NavigateLines.Skip(120).Take(40));
        Assert.Equal("score-checked", reference.GetProperty("outcome").GetString());
        Assert.Contains("this is its reference", reference.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(40, reference.GetProperty("exampleCount").GetInt32());

        // 2. Correctly labelled examples: the score holds, no re-optimization.
        var held = await CheckAsync(admin, Jsonl.NavigateLines.Skip(160).Take(40));
        Assert.Equal("score-checked", held.GetProperty("outcome").GetString());
        Assert.True(
            reference.GetProperty("championScore").GetDouble() - held.GetProperty("championScore").GetDouble() <= 0.25, held.ToString());
        Assert.DoesNotContain(await TriggersAsync(admin), t => t.StartsWith("score-drop", StringComparison.Ordinal));

        // 3. Examples the champion fails: the drop starts a re-optimization from it, its trigger recorded.
        var dropped = await CheckAsync(admin, Jsonl.NavigateLines.Skip(200).Take(40).Select(Flipped));
        Assert.Equal("score-dropped", dropped.GetProperty("outcome").GetString());
        Assert.True(reference.GetProperty("championScore").GetDouble() - dropped.GetProperty("championScore").GetDouble() > 0.25, dropped.ToString());
        var runs = await admin.GetFromJsonAsync<JsonElement>("/v1/runs?task=nav");
        var reoptimization = runs.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("trigger").GetString()!.StartsWith("score-drop", StringComparison.Ordinal));
        var runId = reoptimization.GetProperty("id").GetGuid();
        Assert.Contains($"re-optimization {runId} started", dropped.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var last = (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("lastTrigger"); // kept as the other triggers keep theirs
        Assert.Equal((runId, true), (last.GetProperty("runId").GetGuid(), last.GetProperty("trigger").GetString()!.StartsWith("score-drop", StringComparison.Ordinal)));
        var decided = await ChampionDecisions.WaitForAsync(admin, runId); // the run ends normally: decided against the champion it started from
        Assert.StartsWith("score-drop", decided.GetProperty("trigger").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, decided.GetProperty("championVersion").GetInt32());
        Assert.Equal(Champion, (await admin.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}")).GetProperty("trajectory")[0].GetProperty("prompt").GetString());
    }

    [Theory]
    [InlineData("{\"scoreDropThreshold\":0}", "policy.scoreDropThreshold")]
    [InlineData("{\"scoreDropThreshold\":101}", "policy.scoreDropThreshold")]
    [InlineData("{\"scoreDropThreshold\":10,\"scoreDropExamples\":0}", "policy.scoreDropExamples")]
    public async Task When_the_score_drop_policy_is_out_of_range_Should_get_422_naming_the_field(string policy, string field)
    {
        await using var api = new ApiFactory();
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav");

        var detail = await Problems.AssertProblemAsync(
            await admin.PutAsync("/v1/tasks/nav/policy", new StringContent(policy, System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.UnprocessableEntity);

        Assert.Contains(field, detail, StringComparison.Ordinal);
        var stored = (await admin.GetFromJsonAsync<JsonElement>("/v1/tasks/nav")).GetProperty("policy");
        Assert.Equal(JsonValueKind.Null, stored.GetProperty("scoreDropThreshold").ValueKind);
        Assert.Equal(50, stored.GetProperty("scoreDropExamples").GetInt32());
    }

    /// <summary>Appends the examples, waits for the score check they start to conclude, returns its decision.</summary>
    private async Task<JsonElement> CheckAsync(HttpClient admin, IEnumerable<string> lines)
    {
        var appended = await admin.PostAsync("/v1/tasks/nav/examples", Jsonl.Body(lines));
        Assert.True(appended.StatusCode == HttpStatusCode.Created, await appended.Content.ReadAsStringAsync());
        var body = await appended.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("startedRunId").ValueKind);
        var decision = await ChampionDecisions.WaitForAsync(admin, body.GetProperty("scoreCheckRunId").GetGuid());
        output.WriteLine(decision.ToString());
        return decision;
    }

    private static async Task<List<string>> TriggersAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>("/v1/runs?task=nav")).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("trigger").GetString()!)];

    /// <summary>The same question with the other answer (navigate's targets are Yes/No).</summary>
    private static string Flipped(string line)
    {
        var example = JsonNode.Parse(line)!.AsObject();
        example["target"] = example["target"]!.GetValue<string>() == "Yes" ? "No" : "Yes";
        return example.ToJsonString();
    }
}
