namespace GpoPipeline.Llm;

/// <summary>A run's budget is spent; the pipeline stops the run cleanly ("stopped: budget") instead of failing it.</summary>
public sealed class BudgetExhaustedException : Exception
{
    public BudgetExhaustedException()
    {
    }

    public BudgetExhaustedException(string message)
        : base(message)
    {
    }

    public BudgetExhaustedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Guid RunId { get; init; }

    /// <summary>"calls", "tokens" or "cost".</summary>
    public string Limit { get; init; } = string.Empty;
}
