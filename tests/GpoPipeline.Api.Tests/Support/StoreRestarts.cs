namespace GpoPipeline.Api.Tests.Support;

/// <summary>
/// Successive starts of the control plane on one store file, as a restart with changed settings sees it. The host
/// before a start is disposed on the entry point's own thread (Program.cs runs it; WebApplicationFactory only stops
/// it), so under load its store may still hold the file for a moment: a start that finds it open in this process is
/// tried again. A service restart is a new process; only this in-process restart can meet it.
/// </summary>
public sealed class StoreRestarts : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gpo-restarts-").FullName;

    public async Task<ApiFactory> StartAsync(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var api = new ApiFactory(new Dictionary<string, string?>(settings) { ["Store:ConnectionString"] = Path.Combine(folder, "runs.db") });
            try
            {
                _ = api.Server;
                return api;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("is already open in this process", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await api.DisposeAsync();
                await Task.Delay(100);
            }
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
