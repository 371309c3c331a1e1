using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tests.Support;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// /v1/keys refuses the names of the control plane's own keys: a start revokes earlier keys named like its session key,
/// and a bootstrap-key rotation revoked a user's admin key named like the bootstrap key when no configured key was ever
/// marked (UnmarkedConfiguredKeys takes it for one an older version installed).
/// </summary>
public sealed class ReservedKeyNames_Specs
{
    [Theory]
    [InlineData(ApiKeyIssuer.BootstrapKeyName, ApiKeyIssuer.BootstrapKeyName)]
    [InlineData(" Bootstrap Admin ", ApiKeyIssuer.BootstrapKeyName)]
    [InlineData(ApiKeyIssuer.SessionKeyName, ApiKeyIssuer.SessionKeyName)]
    [InlineData("GPO serve session ", ApiKeyIssuer.SessionKeyName)]
    public async Task When_a_key_is_issued_under_a_reserved_name_Should_get_422_naming_the_field_and_the_name_and_store_nothing(string name, string reserved)
    {
        await using var api = new ApiFactory();

        var response = await api.Admin().PostAsync("/v1/keys", Jsonl.Json(new { name, scopes = new[] { ApiScopes.Admin } }));

        var detail = await Problems.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Field 'name'", detail, StringComparison.Ordinal);
        Assert.Contains($"'{reserved}' is reserved", detail, StringComparison.Ordinal);
        Assert.Equal([ApiFactory.AdminKey[4..16]], await ListedIdsAsync(api));
    }

    [Theory]
    [InlineData("bootstrap admin 2")]
    [InlineData("gpo serve session for ci")]
    public async Task When_a_key_is_issued_under_a_name_that_only_contains_a_reserved_one_Should_issue_it(string name)
    {
        await using var api = new ApiFactory();

        var response = await api.Admin().PostAsync("/v1/keys", Jsonl.Json(new { name, scopes = new[] { ApiScopes.Admin } }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(name, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
    }

    private static async Task<List<string>> ListedIdsAsync(ApiFactory api) =>
        (await api.Admin().GetFromJsonAsync<JsonElement>("/v1/keys")).EnumerateArray().Select(k => k.GetProperty("id").GetString()!).ToList();
}
