namespace GpoPipeline.Cli.Hosting;

/// <summary>First Ctrl+C: stop cleanly after the work in flight (the run stays resumable). Second: leave at once.</summary>
public sealed class CancelKeys : IDisposable
{
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _presses;

    public CancelKeys() => Console.CancelKeyPress += OnCancel;

    public bool Requested => Volatile.Read(ref _presses) > 0;

    /// <summary>Completes at the first request, so a waiting loop reacts at once instead of at its next poll.</summary>
    public Task WhenRequested => _requested.Task;

    /// <summary>Lets tests and callers ask for the same clean stop a Ctrl+C asks for.</summary>
    public void Request()
    {
        Interlocked.Increment(ref _presses);
        _requested.TrySetResult();
    }

    public void Dispose() => Console.CancelKeyPress -= OnCancel;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.Increment(ref _presses) == 1)
        {
            e.Cancel = true;
            _requested.TrySetResult();
            return;
        }

        Environment.Exit(130);
    }
}
