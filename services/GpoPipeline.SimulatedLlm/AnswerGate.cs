namespace GpoPipeline.SimulatedLlm;

/// <summary>
/// Holds every chat answer while closed (open by default). A test closes it to keep a run at its current step for
/// as long as it needs (e.g. to signal the process mid-run) and opens it again: no timing, no race with the run.
/// </summary>
public sealed class AnswerGate
{
    private readonly Lock sync = new();
    private TaskCompletionSource open = Opened();

    public void Close()
    {
        lock (sync)
        {
            if (open.Task.IsCompleted)
            {
                open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Open()
    {
        lock (sync)
        {
            open.TrySetResult();
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            return open.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource Opened()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
