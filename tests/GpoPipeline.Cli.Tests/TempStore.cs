using GpoPipeline.Trajectories;
using GpoPipeline.Trajectories.Embedded;

namespace GpoPipeline.Cli.Tests;

/// <summary>A run store file of its own per test; read back with <see cref="Open"/> after the command has closed it.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gpo-cli-" + Guid.NewGuid().ToString("N"));

    public string Path => System.IO.Path.Combine(Folder, "runs.db");

    public LiteDbRunStore Open() => new(Path);

    public async Task<RunRecord> RunAsync(Guid id)
    {
        using var store = Open();
        return (await store.GetRunAsync(id))!;
    }

    public async Task<IReadOnlyList<UsageRecord>> UsageAsync(Guid id)
    {
        using var store = Open();
        return await store.GetUsageAsync(id);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
