using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// Rolling a champion back: each rollback goes to the champion before the one in force (v3 → v2 → v1); at the task's
/// first champion a further rollback is refused, saying that the one in force is a rollback to the first.
/// </summary>
public sealed class Rollback_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();

    public async Task InitializeAsync() =>
        Assert.Equal(HttpStatusCode.Created, (await api.Admin().PostAsync("/v1/tasks", Jsonl.Json(new { name = "nav", initialPrompt = "first" }))).StatusCode);

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_rolling_back_twice_after_two_promotions_Should_restore_v2_then_v1()
    {
        await PromoteAsync(2, "second");
        await PromoteAsync(3, "third");

        var first = await RollbackAsync();
        var second = await RollbackAsync();

        Assert.Equal((4, 2, "second"), Restored(first));
        Assert.Equal((5, 1, "first"), Restored(second));
    }

    [Fact]
    public async Task When_rolling_back_again_after_a_rollback_to_the_first_champion_Should_get_409_saying_why()
    {
        await PromoteAsync(2, "second");
        Assert.Equal((3, 1, "first"), Restored(await RollbackAsync()));

        var response = await api.Admin().PostAsync("/v1/tasks/nav/rollback", null);

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("v3 is a rollback to v1", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("v3 is its first", detail, StringComparison.Ordinal);
        Assert.Contains("/v1/tasks/nav/runs", detail, StringComparison.Ordinal);
    }

    /// <summary>A promotion as the challenge decider records it.</summary>
    private async Task PromoteAsync(int number, string prompt)
    {
        Assert.Equal(HttpStatusCode.OK, (await api.Admin().GetAsync("/v1/tasks/nav/champions")).StatusCode); // v1 is written on first read
        var promoted = new ChampionVersionRecord
        {
            Task = "nav", Number = number, Prompt = prompt, Predecessor = number - 1, Reason = "promoted", PromotedAt = DateTime.UtcNow, RunId = Guid.NewGuid(),
        };
        Assert.True(await api.Services.GetRequiredService<ControlPlaneStore>().TryAddChampionAsync(promoted));
    }

    private async Task<JsonElement> RollbackAsync()
    {
        var response = await api.Admin().PostAsync("/v1/tasks/nav/rollback", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static (int Number, int Restores, string Prompt) Restored(JsonElement version) =>
        (version.GetProperty("number").GetInt32(), version.GetProperty("restores").GetInt32(), version.GetProperty("prompt").GetString()!);
}
