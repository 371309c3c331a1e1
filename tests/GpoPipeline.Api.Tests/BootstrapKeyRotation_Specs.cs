using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GpoPipeline.Api.Security;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.Trajectories.ControlPlane;
using Microsoft.Extensions.DependencyInjection;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// Rotating ControlPlane:BootstrapAdminKey revokes the bootstrap key it replaces (a leaked one stayed valid forever);
/// keys issued through /v1/keys are left alone, even one named like the bootstrap key (issued before /v1/keys reserved
/// the name). A key installed by a version before configured keys were marked is revoked too, also when the upgrade and
/// the rotation come in one deployment.
/// </summary>
public sealed class BootstrapKeyRotation_Specs : IDisposable
{
    private readonly StoreRestarts restarts = new();

    public void Dispose() => restarts.Dispose();

    [Fact]
    public async Task When_the_service_starts_with_a_rotated_bootstrap_key_Should_revoke_the_earlier_bootstrap_key_only()
    {
        var (_, _, earlier) = ApiKeySecret.Generate();
        var (_, _, rotated) = ApiKeySecret.Generate();
        string issuedAlike, issued;
        await using (var start = await StartAsync(earlier))
        {
            issuedAlike = await StoreIssuedKeyAsync(start, ApiKeyIssuer.BootstrapKeyName, ApiScopes.Admin);
            issued = await IssueAsync(start, earlier, "ci", "read");
        }

        await using var restart = await StartAsync(rotated);

        await Problems.AssertProblemAsync(await restart.ClientWith(earlier).GetAsync("/v1/tasks"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await restart.ClientWith(rotated).GetAsync("/v1/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await restart.ClientWith(issuedAlike).GetAsync("/v1/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await restart.ClientWith(issued).GetAsync("/v1/tasks")).StatusCode);
    }

    [Fact]
    public async Task When_a_replica_starts_with_the_earlier_bootstrap_key_after_the_rotation_Should_neither_revive_it_nor_revoke_the_rotated_one()
    {
        var (_, _, earlier) = ApiKeySecret.Generate();
        var (_, _, rotated) = ApiKeySecret.Generate();
        await using (await StartAsync(earlier))
        {
        }

        await using (await StartAsync(rotated))
        {
        }

        await using var stale = await StartAsync(earlier);

        await Problems.AssertProblemAsync(await stale.ClientWith(earlier).GetAsync("/v1/tasks"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await stale.ClientWith(rotated).GetAsync("/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task When_the_bootstrap_key_was_installed_by_a_version_that_did_not_mark_it_Should_revoke_it_at_the_rotation_after_a_start_with_it()
    {
        var (earlierId, _, earlier) = ApiKeySecret.Generate();
        var (_, _, rotated) = ApiKeySecret.Generate();
        await using (var older = await StartAsync(earlier))
        {
            var store = older.Services.GetRequiredService<ControlPlaneStore>();
            var record = (await store.GetApiKeyAsync(earlierId))!;
            record.FromConfiguration = false; // as stored before configured keys were marked
            Assert.True(await store.TryUpdateApiKeyAsync(record));
        }

        await using (await StartAsync(earlier))
        {
        }

        await using var restart = await StartAsync(rotated);

        await Problems.AssertProblemAsync(await restart.ClientWith(earlier).GetAsync("/v1/tasks"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task When_the_service_is_upgraded_and_its_bootstrap_key_rotated_in_one_deployment_Should_revoke_the_key_the_older_version_installed_only()
    {
        var (_, _, earlier) = ApiKeySecret.Generate();
        var (_, _, rotated) = ApiKeySecret.Generate();
        string issuedAlike, issued;
        await using (var older = await StartAsync(earlier))
        {
            issuedAlike = await StoreIssuedKeyAsync(older, ApiKeyIssuer.BootstrapKeyName, ApiScopes.Write);
            issued = await IssueAsync(older, earlier, "ci", "admin");
            await UnmarkAllAsync(older);
        }

        await using var upgraded = await StartAsync(rotated);

        await Problems.AssertProblemAsync(await upgraded.ClientWith(earlier).GetAsync("/v1/tasks"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await upgraded.ClientWith(rotated).GetAsync("/v1/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await upgraded.ClientWith(issuedAlike).GetAsync("/v1/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await upgraded.ClientWith(issued).GetAsync("/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task When_the_bootstrap_key_is_rotated_to_another_secret_under_the_same_id_Should_refuse_to_start_saying_why_and_keep_the_stored_key()
    {
        var (id, _, earlier) = ApiKeySecret.Generate();
        var (_, otherSecret, _) = ApiKeySecret.Generate(); // base64url: cut from a key at its last '_', it could be a fragment
        var sameId = $"gpo_{id}_{otherSecret}";
        await using (await StartAsync(earlier))
        {
        }

        // Program.cs (HostStartup) says why on stderr and ends the entry point: the factory is left a disposed host.
        var said = await RefusalAsync(() => StartAsync(sameId));

        Assert.Contains("cannot start: Setting 'ControlPlane:BootstrapAdminKey'", said, StringComparison.Ordinal);
        Assert.Contains($"'{id}'", said, StringComparison.Ordinal);
        await using var restart = await StartAsync(earlier);
        Assert.Equal(HttpStatusCode.OK, (await restart.ClientWith(earlier).GetAsync("/v1/tasks")).StatusCode);
    }

    /// <summary>What the refused start wrote to stderr (Console.Error is the process's: other specs' lines may be in it too).</summary>
    private static async Task<string> RefusalAsync(Func<Task<ApiFactory>> start)
    {
        var original = Console.Error;
        using var written = new StringWriter();
        Console.SetError(TextWriter.Synchronized(written));
        try
        {
            await Assert.ThrowsAnyAsync<InvalidOperationException>(start);
        }
        finally
        {
            Console.SetError(original);
        }

        return written.ToString();
    }

    private Task<ApiFactory> StartAsync(string bootstrapKey) =>
        restarts.StartAsync(new Dictionary<string, string?> { ["ControlPlane:BootstrapAdminKey"] = bootstrapKey });

    /// <summary>Stores every key as a version before configured keys were marked stored it.</summary>
    private static async Task UnmarkAllAsync(ApiFactory api)
    {
        var store = api.Services.GetRequiredService<ControlPlaneStore>();
        foreach (var key in (await store.ListApiKeysAsync()).Where(k => k.FromConfiguration))
        {
            key.FromConfiguration = false;
            Assert.True(await store.TryUpdateApiKeyAsync(key));
        }
    }

    /// <summary>
    /// Stores a key as /v1/keys issued it before it reserved the bootstrap key's name (it refuses the name now): unmarked,
    /// created now. Answers the plain key.
    /// </summary>
    private static async Task<string> StoreIssuedKeyAsync(ApiFactory api, string name, string scope)
    {
        var (id, secret, key) = ApiKeySecret.Generate();
        var record = new ApiKeyRecord
        {
            Id = id, Name = name, Scopes = [scope], SecretHash = ApiKeySecret.Hash(secret),
            CreatedAt = api.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        Assert.True(await api.Services.GetRequiredService<ControlPlaneStore>().TryAddApiKeyAsync(record));
        return key;
    }

    private static async Task<string> IssueAsync(ApiFactory api, string adminKey, string name, string scope)
    {
        var response = await api.ClientWith(adminKey).PostAsync("/v1/keys", Jsonl.Json(new { name, scopes = new[] { scope } }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
