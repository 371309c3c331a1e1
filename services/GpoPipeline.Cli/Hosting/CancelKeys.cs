namespace GpoPipeline.Cli.Hosting;

/// <summary>
/// A stop asked for: the first Ctrl+C or SIGTERM (Program.cs turns both into the command's cancellation token, which
/// the waits register here), or a caller. A second signal leaves at once, in Program.cs.
/// </summary>
public sealed class CancelKeys
{
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _requests;

    public bool Requested => Volatile.Read(ref _requests) > 0;

    /// <summary>Completes at the first request, so a waiting loop reacts at once instead of at its next poll.</summary>
    public Task WhenRequested => _requested.Task;

    /// <summary>Asks for the clean stop a Ctrl+C asks for.</summary>
    public void Request()
    {
        Interlocked.Increment(ref _requests);
        _requested.TrySetResult();
    }
}
