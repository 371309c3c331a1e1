using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tests.Support;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// `gpo serve` mints an admin key per start (ControlPlane:BootstrapKeyPerSession): the next start revokes it, so at most
/// one serve-minted key is live; keys issued through /v1/keys and an operator's bootstrap key are left alone.
/// </summary>
public sealed class SessionKeys_Specs : IDisposable
{
    private readonly StoreRestarts restarts = new();

    public void Dispose() => restarts.Dispose();

    [Fact]
    public async Task When_the_service_starts_with_a_new_session_key_Should_revoke_earlier_session_keys_only()
    {
        var (_, _, first) = ApiKeySecret.Generate();
        var (_, _, second) = ApiKeySecret.Generate();
        string issued;
        await using (var start = await StartAsync(first, perSession: true))
        {
            var response = await start.ClientWith(first).PostAsync("/v1/keys", Jsonl.Json(new { name = "ci", scopes = new[] { "read" } }));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            issued = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        }

        await using (var operatorStart = await StartAsync(ApiFactory.AdminKey, perSession: false))
        {
            Assert.Equal(HttpStatusCode.OK, (await operatorStart.ClientWith(first).GetAsync("/v1/tasks")).StatusCode);
        }

        await using var restart = await StartAsync(second, perSession: true);

        await Problems.AssertProblemAsync(await restart.ClientWith(first).GetAsync("/v1/tasks"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await restart.ClientWith(second).GetAsync("/v1/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await restart.ClientWith(issued).GetAsync("/v1/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await restart.ClientWith(ApiFactory.AdminKey).GetAsync("/v1/tasks")).StatusCode);
    }

    private Task<ApiFactory> StartAsync(string bootstrapKey, bool perSession) => restarts.StartAsync(new Dictionary<string, string?>
    {
        ["ControlPlane:BootstrapAdminKey"] = bootstrapKey,
        ["ControlPlane:BootstrapKeyPerSession"] = perSession ? "true" : "false",
    });
}
