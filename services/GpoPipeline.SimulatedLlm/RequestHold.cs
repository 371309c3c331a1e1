namespace GpoPipeline.SimulatedLlm;

/// <summary>
/// A test instrument's valve: while closed, every model request waits before it is answered, so a spec can act
/// "mid-run" (cancel, kill, restart) at a moment the run provably cannot move past, instead of racing a timer.
/// </summary>
public sealed class RequestHold
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _closed;
    private int? _closeAfter;
    private int _arrived;

    /// <summary>Only requests for this model go through the valve (null: every request), so a spec can pin a run at
    /// one phase: e.g. held optimizer requests keep it generating, held task requests keep it scoring.</summary>
    public string? Model { get; init; }

    /// <summary>Requests waiting now.</summary>
    public int Held { get; private set; }

    /// <summary>From now on requests wait until <see cref="Open"/>.</summary>
    public void Close() => CloseAfter(0);

    /// <summary>Lets the next <paramref name="requests"/> requests through, then holds every later one until <see cref="Open"/>.</summary>
    public void CloseAfter(int requests)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(requests);
        lock (_gate)
        {
            _closeAfter = _arrived + requests;
        }
    }

    /// <summary>Lets every waiting and later request through.</summary>
    public void Open()
    {
        lock (_gate)
        {
            _closeAfter = null;
            _closed?.TrySetResult();
            _closed = null;
        }
    }

    /// <summary>Completes once at least one request has waited at the closed hold.</summary>
    public Task WhenHoldingAsync(CancellationToken cancellationToken = default) => _holding.Task.WaitAsync(cancellationToken);

    internal async Task PassAsync(string? model, CancellationToken cancellationToken)
    {
        if (Model is not null && !string.Equals(Model, model, StringComparison.Ordinal))
        {
            return;
        }

        Task wait;
        lock (_gate)
        {
            _arrived++;
            if (_closeAfter is not { } limit || _arrived <= limit)
            {
                return;
            }

            _closed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _closed.Task;
            Held++;
            _holding.TrySetResult();
        }

        try
        {
            await wait.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                Held--;
            }
        }
    }
}
