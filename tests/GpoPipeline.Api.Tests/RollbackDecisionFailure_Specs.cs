using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A rollback is in force once its champion version is stored. A failure to write its decision afterwards answered 500,
/// and the caller's retry rolled back one step further; it now answers the rollback, and the failure is logged.
/// </summary>
public sealed class RollbackDecisionFailure_Specs
{
    [Fact]
    public async Task When_the_rollbacks_decision_cannot_be_written_Should_still_answer_the_rollback_in_force()
    {
        var refusing = false;
        await using var api = new ApiFactory(services: s => s.Replace(ServiceDescriptor.Singleton<IControlPlaneDatabase>(provider =>
            new InterceptedDocuments<DecisionRecord>(ControlPlaneDatabaseFactory.Create(provider.GetRequiredService<IOptions<StoreOptions>>().Value))
            {
                BeforeInsert = () => Volatile.Read(ref refusing) ? throw new IOException("No space left on device") : Task.CompletedTask,
            })));
        var admin = api.Admin();
        await admin.CreateTaskAsync("nav");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/v1/tasks/nav/champions")).StatusCode); // v1 is written on first read
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        Assert.True(await store.TryAddChampionAsync(new ChampionVersionRecord
        {
            Task = "nav", Number = 2, Prompt = "second", Predecessor = 1, Reason = "promoted", PromotedAt = DateTime.UtcNow, RunId = Guid.NewGuid(),
        }));
        Volatile.Write(ref refusing, true);

        var response = await admin.PostAsync("/v1/tasks/nav/rollback", null);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32());
        Assert.Equal((await store.GetChampionVersionAsync("nav", 1))!.Prompt, (await store.GetChampionVersionAsync("nav", 3))!.Prompt); // in force, as answered
        lock (api.Logs)
        {
            Assert.Contains(api.Logs, line => line.Contains("its decision could not be recorded", StringComparison.Ordinal));
        }
    }
}
