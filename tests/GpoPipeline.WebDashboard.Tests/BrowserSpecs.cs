namespace GpoPipeline.WebDashboard.Tests;

/// <summary>A spec class that drives the browser: the pages each of its specs opened are closed when that spec ends.</summary>
public abstract class BrowserSpecs : IAsyncLifetime
{
    /// <summary>The collection's session the spec class was given.</summary>
    protected abstract DashboardSession Session { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Session.CloseContextsAsync();
}
