namespace GpoPipeline.Contracts;

/// <summary>What a worker's model calls cost, as the worker's model client counted it; the scheduler records it.</summary>
public sealed record ModelUsage
{
    public static ModelUsage None { get; } = new();

    /// <summary>Paid calls (responses from a worker's in-process cache are not counted).</summary>
    public long Calls { get; init; }
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    public double Cost { get; init; }

    /// <summary>
    /// HTTP requests behind the paid calls, retries included (issue 13): Attempts − Calls is what faults cost in
    /// requests. 0 from a worker that does not report it.
    /// </summary>
    public long Attempts { get; init; }

    public ModelUsage Add(ModelUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new()
        {
            Calls = Calls + other.Calls, InputTokens = InputTokens + other.InputTokens,
            OutputTokens = OutputTokens + other.OutputTokens, Cost = Cost + other.Cost, Attempts = Attempts + other.Attempts,
        };
    }
}
