using GpoPipeline.Contracts;

namespace GpoPipeline.Testing;

/// <summary>
/// The work messages of runs as a listener on the bus sees them (copies from the exchanges, so nothing is taken from
/// a worker): what the scheduler dispatched and what the workers answered. A kill spec reads from it which work was
/// dispatched and not yet answered when it killed a worker, i.e. the calls that may be paid twice.
/// </summary>
public sealed class RunTraffic
{
    private readonly Lock _gate = new();
    private readonly Dictionary<BatchKey, ScoreBatch> _scoreBatches = [];
    private readonly HashSet<BatchKey> _batchesScored = [];
    private readonly Dictionary<(Guid RunId, int Step), StepStarted> _stepsStarted = [];
    private readonly Dictionary<(Guid RunId, int Step), DirectionRetrieved> _directions = [];
    private readonly HashSet<(Guid RunId, int Step)> _candidatesGenerated = [];

    public void Saw(ScoreBatch message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _scoreBatches[BatchKey.Of(message)] = message;
        }
    }

    public void Saw(BatchScored message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _batchesScored.Add(new BatchKey(message.RunId, message.Step, message.Split, message.CandidateIndex, message.BatchIndex));
        }
    }

    public void Saw(StepStarted message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _stepsStarted[(message.RunId, message.Step)] = message;
        }
    }

    public void Saw(DirectionRetrieved message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _directions[(message.RunId, message.Step)] = message;
        }
    }

    public void Saw(CandidatesGenerated message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _candidatesGenerated.Add((message.RunId, message.Step));
        }
    }

    /// <summary>Distinct batches of the run answered so far (a redelivered reply counts once).</summary>
    public int BatchesScored(Guid runId)
    {
        lock (_gate)
        {
            return _batchesScored.Count(k => k.RunId == runId);
        }
    }

    /// <summary>What the run's messages show at this moment.</summary>
    public RunTrafficSnapshot Snapshot(Guid runId)
    {
        lock (_gate)
        {
            return new RunTrafficSnapshot(
                [.. _scoreBatches.Where(p => p.Key.RunId == runId).Select(p => p.Value)],
                [.. _batchesScored.Where(k => k.RunId == runId)],
                [.. _stepsStarted.Where(p => p.Key.RunId == runId).Select(p => p.Value)],
                [.. _directions.Where(p => p.Key.RunId == runId).Select(p => p.Value)],
                [.. _candidatesGenerated.Where(k => k.RunId == runId).Select(k => k.Step)]);
        }
    }
}
