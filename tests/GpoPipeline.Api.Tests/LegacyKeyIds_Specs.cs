using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories.ControlPlane;
using GpoPipeline.Trajectories.ControlPlane.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A key stored under an upper-case id (a configured key, before ids were made lower-case) on a store that compares ids
/// exactly, as MongoDB does: the start installing it lower-case stored it a second time, and revoking it by its listed
/// upper-case id revoked the lower-case record instead (or answered 404 when there was none), leaving the listed one live.
/// </summary>
public sealed class LegacyKeyIds_Specs : IAsyncLifetime
{
    private const string LegacyId = "ABCDEF012345";
    private const string Secret = "an-operator-wrote-this-id-in-capitals";
    private const string LegacyKey = $"gpo_{LegacyId}_{Secret}";
    private readonly string folder = Directory.CreateTempSubdirectory("gpo-legacy-ids-").FullName;
    private LiteDbControlPlaneDatabase embedded = null!;
    private KeysComparedExactly database = null!;

    public Task InitializeAsync()
    {
        embedded = new LiteDbControlPlaneDatabase(Path.Combine(folder, "cp.db"));
        database = new KeysComparedExactly(embedded);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        embedded.Dispose();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task When_the_configured_key_was_stored_upper_case_by_an_older_version_Should_leave_one_live_listing_of_it()
    {
        await StoreAsync(LegacyId, ApiKeyIssuer.BootstrapKeyName, ApiScopes.Admin);
        await using var api = Start(LegacyKey);

        var listed = await ListAsync(api, LegacyKey);

        Assert.Equal([(LegacyId, true), ("abcdef012345", false)], listed);
        Assert.Equal(HttpStatusCode.OK, (await api.ClientWith(LegacyKey).GetAsync("/v1/tasks")).StatusCode);
    }

    [Theory]
    [InlineData(LegacyId)]
    [InlineData("abcdef012345")]
    public async Task When_a_key_listed_under_its_id_in_both_cases_is_revoked_by_either_Should_revoke_both_listings(string listedId)
    {
        await StoreAsync(LegacyId, "ci", ApiScopes.Read);
        await StoreAsync("abcdef012345", "ci", ApiScopes.Read);
        await using var api = Start(ApiFactory.AdminKey);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin().DeleteAsync($"/v1/keys/{listedId}")).StatusCode);

        Assert.Equal([(ApiFactory.AdminKey[4..16], false), (LegacyId, true), ("abcdef012345", true)], await ListAsync(api, ApiFactory.AdminKey));
        await Problems.AssertProblemAsync(await api.ClientWith(LegacyKey).GetAsync("/v1/tasks"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task When_a_key_listed_only_under_an_upper_case_id_is_revoked_by_it_Should_revoke_that_record()
    {
        await StoreAsync(LegacyId, "ci", ApiScopes.Read);
        await using var api = Start(ApiFactory.AdminKey);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin().DeleteAsync($"/v1/keys/{LegacyId}")).StatusCode);

        Assert.Equal([(ApiFactory.AdminKey[4..16], false), (LegacyId, true)], await ListAsync(api, ApiFactory.AdminKey));
    }

    private ApiFactory Start(string bootstrapKey) => new(
        new Dictionary<string, string?> { ["ControlPlane:BootstrapAdminKey"] = bootstrapKey },
        services =>
        {
            services.RemoveAll<IControlPlaneDatabase>();
            services.AddSingleton<IControlPlaneDatabase>(database);
        });

    /// <summary>Stored before this start, as an older version stored it (not marked as configured).</summary>
    private async Task StoreAsync(string id, string name, string scope) =>
        Assert.True(await database.Collection<ApiKeyRecord>("cp_keys").TryInsertAsync(
            new ApiKeyRecord { Id = id, Name = name, Scopes = [scope], SecretHash = ApiKeySecret.Hash(Secret), CreatedAt = DateTime.UtcNow.AddDays(-30) },
            CancellationToken.None));

    /// <summary>(id, revoked) of each listed key, by id (ordinal: digits, then upper case, then lower case).</summary>
    private static async Task<List<(string, bool)>> ListAsync(ApiFactory api, string key) =>
        (await api.ClientWith(key).GetFromJsonAsync<JsonElement>("/v1/keys")).EnumerateArray()
            .Select(k => (k.GetProperty("id").GetString()!, k.GetProperty("revoked").GetBoolean()))
            .OrderBy(k => k.Item1, StringComparer.Ordinal).ToList();
}
