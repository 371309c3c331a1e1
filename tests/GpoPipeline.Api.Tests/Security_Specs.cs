using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>API keys on every endpoint (issue 12 "Security"): 401 without, 403 with the wrong scope, hashed at rest, rate-limited.</summary>
public sealed class Security_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new(new Dictionary<string, string?> { ["ControlPlane:RequestsPerMinute"] = "1000" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Theory]
    [InlineData("GET", "/v1/tasks")]
    [InlineData("POST", "/v1/tasks")]
    [InlineData("GET", "/v1/runs")]
    [InlineData("GET", "/v1/tasks/x/prompt")]
    [InlineData("POST", "/v1/chat/completions")]
    [InlineData("GET", "/v1/keys")]
    public async Task When_a_request_has_no_key_Should_get_401_problem_details(string method, string path)
    {
        var response = await api.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("API key", detail);
    }

    [Theory]
    [InlineData("gpo_0123456789ab_wrong-secret")]
    [InlineData("gpo_ffffffffffff_unknown-id")]
    [InlineData("sk-not-ours")]
    public async Task When_a_key_is_wrong_Should_get_401(string key)
    {
        var response = await api.ClientWith(key).GetAsync("/v1/tasks");

        await Problems.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("X-Api-Key", "sk-not-ours", "header 'X-Api-Key'")]
    [InlineData("Authorization", "Bearer sk-not-ours", "header 'Authorization'")]
    public async Task When_a_header_carries_no_GpoPipeline_key_Should_get_401_naming_the_header_and_the_form_expected(string header, string value, string named)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tasks");
        request.Headers.TryAddWithoutValidation(header, value);

        var detail = await Problems.AssertProblemAsync(await api.CreateClient().SendAsync(request), HttpStatusCode.Unauthorized);

        Assert.Contains(named, detail, StringComparison.Ordinal);
        Assert.Contains("gpo_<12 hex digits>_<secret>", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Basic Zm9vOmJhcg==")]
    [InlineData("Bearer")]
    public async Task When_the_authorization_header_has_no_bearer_token_Should_get_401_saying_what_it_needs(string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tasks");
        request.Headers.TryAddWithoutValidation("Authorization", value);

        var detail = await Problems.AssertProblemAsync(await api.CreateClient().SendAsync(request), HttpStatusCode.Unauthorized);

        Assert.Contains("Header 'Authorization'", detail, StringComparison.Ordinal);
        Assert.Contains("Bearer gpo_", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_health_and_the_OpenAPI_document_are_asked_without_a_key_Should_answer()
    {
        var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var openApi = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        using var document = JsonDocument.Parse(await openApi.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/tasks/{task}/prompt", out _));
        Assert.True(paths.TryGetProperty("/v1/chat/completions", out _));
    }

    [Fact]
    public async Task When_a_read_key_writes_Should_get_403_and_create_nothing()
    {
        var read = await IssueAsync(["read"]);

        var response = await api.ClientWith(read).PostAsync("/v1/tasks", Jsonl.Json(new { name = "t1" }));

        await Problems.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await api.ClientWith(read).GetAsync("/v1/tasks")).StatusCode);
        Assert.Empty(await api.Services.GetRequiredService<ControlPlaneStore>().ListTasksAsync());
    }

    [Fact]
    public async Task When_a_write_key_manages_keys_Should_get_403()
    {
        var write = await IssueAsync(["write"]);

        await Problems.AssertProblemAsync(await api.ClientWith(write).GetAsync("/v1/keys"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await api.ClientWith(write).PostAsync("/v1/tasks", Jsonl.Json(new { name = "t1" }))).StatusCode);
    }

    [Fact]
    public async Task When_a_proxy_key_reads_another_task_Should_get_403_and_its_own_task_200()
    {
        var admin = api.Admin();
        await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "mine" }));
        await admin.PostAsync("/v1/tasks", Jsonl.Json(new { name = "other" }));
        var proxy = await IssueAsync(["proxy"], task: "mine");

        Assert.Equal(HttpStatusCode.OK, (await api.ClientWith(proxy).GetAsync("/v1/tasks/mine/prompt")).StatusCode);
        await Problems.AssertProblemAsync(await api.ClientWith(proxy).GetAsync("/v1/tasks/other/prompt"), HttpStatusCode.Forbidden);
        await Problems.AssertProblemAsync(await api.ClientWith(proxy).GetAsync("/v1/tasks"), HttpStatusCode.Forbidden);
        var chat = await api.ClientWith(proxy).PostAsync("/v1/chat/completions",
            Jsonl.Json(new { model = "gpo:other", messages = new[] { new { role = "user", content = "hi" } } }));
        await Problems.AssertProblemAsync(chat, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task When_a_key_is_issued_Should_store_only_its_hash_and_work_until_revoked()
    {
        var response = await api.Admin().PostAsync("/v1/keys", Jsonl.Json(new { name = "ci", scopes = new[] { "read" } }));
        var created = (await response.Content.ReadFromJsonAsync<JsonElement>());
        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetString()!;

        var stored = (await api.Services.GetRequiredService<ControlPlaneStore>().GetApiKeyAsync(id))!;
        // gpo_<12 hex digits>_<secret>: the secret is base64url and may itself hold '_' (after the last one, a fragment
        // of a few characters could appear in the hash or the listing by chance: a flaky spec).
        var secret = key[("gpo_".Length + 12 + 1)..];
        Assert.Equal(43, secret.Length); // 256 bits
        Assert.DoesNotContain(secret, stored.SecretHash, StringComparison.Ordinal);
        Assert.Equal(64, stored.SecretHash.Length);
        var listed = await (await api.Admin().GetAsync("/v1/keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await api.ClientWith(key).GetAsync("/v1/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin().DeleteAsync($"/v1/keys/{id}")).StatusCode);
        await Problems.AssertProblemAsync(await api.ClientWith(key).GetAsync("/v1/tasks"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task When_a_key_exceeds_its_rate_Should_get_429_while_another_key_is_served()
    {
        await using var limited = new ApiFactory(new Dictionary<string, string?>
        {
            ["ControlPlane:RequestsPerMinute"] = "3", ["ControlPlane:RateLimitWindow"] = "01:00:00",
        });
        var client = limited.Admin();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/tasks")).StatusCode);
        }

        await Problems.AssertProblemAsync(await client.GetAsync("/v1/tasks"), HttpStatusCode.TooManyRequests);
        Assert.Equal(HttpStatusCode.OK, (await limited.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData(" ")]
    public async Task When_the_bootstrap_key_setting_ends_in_whitespace_Should_install_the_key_a_client_can_send(string ending)
    {
        // What a secret file (e.g. a Kubernetes secret made --from-file) puts in the variable; a header never carries it.
        await using var configured = new ApiFactory(new Dictionary<string, string?> { ["ControlPlane:BootstrapAdminKey"] = ApiFactory.AdminKey + ending });

        Assert.Equal(HttpStatusCode.OK, (await configured.Admin().GetAsync("/v1/keys")).StatusCode);
    }

    private async Task<string> IssueAsync(string[] scopes, string? task = null)
    {
        var response = await api.Admin().PostAsync("/v1/keys", Jsonl.Json(new { name = "spec", scopes, task }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
