using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using Xunit.Abstractions;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// One score scale in every answer (0–1, like a run's): a run scores the champion it started from on the held-out
/// split, and the run's decision scores the same prompt on the same examples, so the two answers give one number.
/// </summary>
public sealed class ScoreScale_Specs(ITestOutputHelper output)
{
    [Fact]
    public async Task When_a_run_and_its_decision_score_the_same_champion_Should_answer_the_same_0_to_1_score()
    {
        await using var cluster = await ControlPlaneCluster.StartAsync(flatQuality: true);
        var admin = cluster.Api.Admin();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/v1/tasks", Jsonl.Json(new
        {
            name = "nav",
            settings = new { steps = 1, candidates = 2, batchSize = 10, maxDevExamples = 20, seed = 3, taskModel = "sim-task", optimizerModel = "sim-optimizer" },
        }))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsync("/v1/tasks/nav/dataset", Jsonl.Body(Jsonl.NavigateLines.Take(120)))).StatusCode);
        var submitted = await admin.PostAsync("/v1/tasks/nav/runs", Jsonl.Json(new { }));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var runId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var decision = await ChampionDecisions.WaitForAsync(admin, runId);
        var run = await admin.GetFromJsonAsync<JsonElement>($"/v1/runs/{runId}");
        output.WriteLine(decision.ToString());
        output.WriteLine(run.ToString());

        Assert.Equal(1, decision.GetProperty("championVersion").GetInt32());
        Assert.Equal(run.GetProperty("initialTestScore").GetDouble(), decision.GetProperty("championScore").GetDouble(), 9);
        Assert.InRange(decision.GetProperty("challengerScore").GetDouble(), 0, 1);
    }
}
