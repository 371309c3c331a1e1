using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Security.Claims;
using GpoPipeline.Api.Dashboard;
using GpoPipeline.Api.Security;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;
using GpoPipeline.Api.Tests.Support;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A key's id is stored and looked up lower-case whatever case it was written in: the embedded store compares ids
/// ignoring case and MongoDB does not, so an id with upper-case hex worked against one store and not the other.
/// </summary>
public sealed class ApiKeyIds_Specs : IAsyncLifetime
{
    private const string UpperCaseKey = "gpo_ABCDEF012345_an-operator-wrote-this-id-in-capitals";
    private readonly ApiFactory api = new(new Dictionary<string, string?> { ["ControlPlane:BootstrapAdminKey"] = UpperCaseKey });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Theory]
    [InlineData("gpo_ABCDEF012345_secret")]
    [InlineData("gpo_AbCdEf012345_secret")]
    [InlineData("gpo_abcdef012345_secret")]
    public void When_a_key_is_parsed_Should_answer_its_id_lower_case(string key)
    {
        Assert.True(ApiKeySecret.TryParse(key, out var id, out var secret));

        Assert.Equal(("abcdef012345", "secret"), (id, secret));
    }

    [Fact]
    public async Task When_a_configured_key_has_upper_case_hex_Should_store_it_lower_case_and_take_it_in_either_case()
    {
        var listed = await api.ClientWith(UpperCaseKey).GetFromJsonAsync<JsonElement>("/v1/keys");

        Assert.Equal(["abcdef012345"], listed.EnumerateArray().Select(k => k.GetProperty("id").GetString()));
        var lowerCase = "gpo_abcdef012345_" + UpperCaseKey.Split('_', 3)[2];
        Assert.Equal(HttpStatusCode.OK, (await api.ClientWith(lowerCase).GetAsync("/v1/tasks")).StatusCode);
    }

    [Fact]
    public async Task When_a_key_is_revoked_by_its_id_in_capitals_Should_revoke_it()
    {
        var issued = await (await api.ClientWith(UpperCaseKey).PostAsJsonAsync("/v1/keys", new { name = "ci", scopes = new[] { "read" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = issued.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await api.ClientWith(UpperCaseKey).DeleteAsync($"/v1/keys/{id.ToUpperInvariant()}")).StatusCode);

        var keys = await api.ClientWith(UpperCaseKey).GetFromJsonAsync<JsonElement>("/v1/keys");
        Assert.True(keys.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id).GetProperty("revoked").GetBoolean());
    }

    [Fact]
    public async Task When_a_key_is_revoked_after_its_request_was_authenticated_Should_issue_it_no_stream_token()
    {
        // The race: the request passed authentication, then the key was revoked before the token was signed.
        await api.ClientWith(UpperCaseKey).GetAsync("/v1/keys"); // starts the host, which stores the configured key
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        var key = (await store.GetApiKeyAsync("abcdef012345", CancellationToken.None))!;
        key.Revoked = true;
        Assert.True(await store.TryUpdateApiKeyAsync(key, CancellationToken.None));
        var authenticated = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ApiScopes.KeyIdClaimType, key.Id)], "ApiKey"));

        var refused = await Assert.ThrowsAsync<ApiProblemException>(() =>
            DashboardApi.IssueStreamTokenAsync(authenticated, store, TimeProvider.System, CancellationToken.None));

        Assert.Contains("revoked", refused.Message, StringComparison.Ordinal);
    }
}
