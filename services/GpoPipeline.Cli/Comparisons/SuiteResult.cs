namespace GpoPipeline.Cli.Comparisons;

/// <summary>A method's mean test score over the compared tasks of one suite, with the paper's suite average when the models match.</summary>
public sealed record SuiteResult(string Suite, string Method, int Tasks, double? AverageTest, double? Paper);
