namespace GpoPipeline.Cli.Comparisons;

/// <summary>Calls and cost of one method over every task of the comparison.</summary>
public sealed record MethodTotals(string Method, long CallBudget, long Calls, long PaidCalls, double Cost);
