using System.Net;
using GpoPipeline.Api.Tests.Support;
using GpoPipeline.DecayScheduler.Health;
using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.Embedded;
using GpoPipeline.Trajectories.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GpoPipeline.Api.Tests;

/// <summary>
/// A control plane whose embedded run store broke for good (LiteDB closes its file after an I/O error and fails every
/// later call) is no longer live: /health/live fails with the cause, so that an orchestrator restarts it, and the
/// cause is logged once at Critical. Before, only readiness failed and the process stayed up, useless.
/// </summary>
public sealed class StoreLiveness_Specs : IAsyncLifetime
{
    private readonly ApiFactory api = new();

    private string RunStore => Path.Combine(api.Folder, "runs.db");

    public Task InitializeAsync()
    {
        using (new LiteDbRunStore(RunStore))
        {
            // The store's file with its collections: opening it again writes nothing.
        }

        // Its log (LiteDB's name for it: runs-log.db) on a full disk: /dev/full fails every write with ENOSPC.
        FullDisk.ForLog(Path.Combine(api.Folder, "runs-log.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task When_the_run_store_breaks_on_a_full_disk_Should_fail_liveness_with_the_cause_and_log_it_once_at_critical()
    {
        var client = api.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var store = api.Services.GetRequiredService<IRunStore>();

        Assert.NotNull(await FullDisk.WriteUntilFailureAsync(i => store.StoreContentAsync($"content-{i}", [1, 2, 3])));
        await Record.ExceptionAsync(() => store.StoreContentAsync("one-more", [4]));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/live")).StatusCode);
        var report = await api.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("live"));
        var liveness = report.Entries[StoreLivenessCheck.Name];
        Assert.Equal(HealthStatus.Unhealthy, liveness.Status);
        Assert.Contains($"The run store {RunStore} stopped working", liveness.Description, StringComparison.Ordinal);
        Assert.Contains(FullDisk.Error, liveness.Description, StringComparison.Ordinal);
        string[] critical;
        lock (api.Logs)
        {
            critical = [.. api.Logs.Where(line => line.StartsWith("GpoPipeline.Trajectories.EmbeddedStore ", StringComparison.Ordinal))];
        }

        Assert.Contains(FullDisk.Error, Assert.Single(critical), StringComparison.Ordinal);
    }
}
