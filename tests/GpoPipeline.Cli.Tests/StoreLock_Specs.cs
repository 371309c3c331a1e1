using GpoPipeline.Trajectories;

namespace GpoPipeline.Cli.Tests;

/// <summary>Issue 13 point 1: a second process is kept off an embedded store file by an OS-level lock.</summary>
public sealed class StoreLock_Specs
{
    [Fact]
    public async Task When_another_process_has_the_store_open_Should_refuse_naming_it_and_leave_the_file_readable()
    {
        using var folder = new TempStore();
        var runId = Guid.NewGuid();
        GpoRun refused;
        using (var holder = folder.Open())
        {
            await holder.TryCreateRunAsync(new RunRecord
            {
                Id = runId, Task = "held", Status = RunStatus.Running, Settings = new Contracts.RunSettings { DataPath = "/nowhere" },
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });

            // A real second process, as two terminals (or a worker and the CLI) would be.
            refused = await GpoProcess.RunAsync(null, "runs", "--store", folder.Path);
        }

        var afterwards = await GpoProcess.RunAsync(null, "runs", "--store", folder.Path, "--json");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"is in use by process {Environment.ProcessId} (", refused.Stderr, StringComparison.Ordinal);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.Equal(0, afterwards.ExitCode);
        Assert.Contains(runId.ToString(), afterwards.Stdout, StringComparison.Ordinal);
    }
}
